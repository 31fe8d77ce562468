// NER tags → chunks, shared by both taggers (BiLSTM-CRF and transformer): BIO runs in token
// indices, then chunks with offsets into the note, ids and confidence (pipeline layer).
import type { Chunk, Sentence } from '../../shared/domain'
import type { Span } from '../../shared/text'

/** One sentence's decoded tags (one per token) and the probability the model gave each chosen tag. */
export interface TaggedSentence {
  readonly tags: readonly number[]
  readonly probabilities: readonly number[]
}

/** A chunk in token indices before it gets offsets: tokens [first, end) of one sentence. */
export interface TokenChunk {
  readonly first: number
  readonly end: number
  readonly label: string
}

/**
 * BIO tags → chunks in token indices. An I-X with no open X chunk starts one (as training's
 * spans_from_bio does; never happens after Viterbi, often after a transformer's argmax).
 */
export function bioChunks(tags: readonly string[]): TokenChunk[] {
  const chunks: TokenChunk[] = []
  let first = -1
  let label = ''
  // One step past the end flushes the last open chunk.
  for (let t = 0; t <= tags.length; t++) {
    const tag = tags[t] ?? 'O'
    const continues = first >= 0 && tag === `I-${label}`
    if (first >= 0 && !continues) {
      chunks.push({ first, end: t, label })
      first = -1
    }
    if (tag !== 'O' && !continues) {
      first = t
      label = tag.slice(2)
    }
  }
  return chunks
}

/** Chunks of all sentences in text order, ids c1, c2, …; confidence = mean tag probability. */
export function toChunks(
  tagNames: readonly string[],
  text: string,
  sentences: readonly Sentence[],
  tagged: readonly TaggedSentence[],
): readonly Chunk[] {
  const spans: (Span & { label: string; confidence: number })[] = []
  sentences.forEach((sentence, i) => {
    const result = tagged[i]
    if (!result) return
    const names = result.tags.map((tag) => tagNames[tag] ?? 'O')
    for (const chunk of bioChunks(names)) {
      const first = sentence.tokens[chunk.first]
      const last = sentence.tokens[chunk.end - 1]
      if (!first || !last) continue
      const probabilities = result.probabilities.slice(chunk.first, chunk.end)
      const confidence = probabilities.reduce((sum, p) => sum + p, 0) / probabilities.length
      spans.push({ start: first.start, end: last.end, label: chunk.label, confidence })
    }
  })
  spans.sort((a, b) => a.start - b.start)
  return Object.freeze(
    spans.map((span, i) =>
      Object.freeze({
        id: `c${i + 1}`,
        start: span.start,
        end: span.end,
        text: text.slice(span.start, span.end),
        label: span.label,
        confidence: span.confidence,
        assertion: 'present' as const,
        assertionCue: null,
      }),
    ),
  )
}

/** The sentences the NER step tags: header lines ("PHYSICAL EXAMINATION:") hold no findings. */
export function bodySentences(
  sentences: readonly Sentence[],
  sections: readonly Span[],
): readonly Sentence[] {
  const headerStarts = new Set(sections.map((section) => section.start))
  return sentences.filter((sentence) => !headerStarts.has(sentence.start))
}

/** Softmax probability of `tag` in row t of row-major scores [rows, numTags]. */
export function softmaxAt(rows: Float32Array, t: number, numTags: number, tag: number): number {
  const row = rows.subarray(t * numTags, (t + 1) * numTags)
  let max = -Infinity
  for (const value of row) if (value > max) max = value
  let sum = 0
  for (const value of row) sum += Math.exp(value - max)
  return Math.exp((row[tag] ?? max) - max) / sum
}
