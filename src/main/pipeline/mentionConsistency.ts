// Mention consistency step: a name the NER model tagged at least twice in a note, always with the
// same label, is also tagged where it recurs untagged (pipeline layer). Taggers read one sentence
// at a time, so they miss some repeats of a name they found elsewhere in the note ("BHA" tagged
// twice as a drug, missed the third time); the note as a whole is better evidence than one
// sentence. On dev (README, "Mention consistency") this added 0.1–0.6 point of micro F1 to every
// transformer-tagged corpus and nothing to the BiLSTM-CRF's; copying from a single mention
// instead lowered NCBI disease by 0.8 point.
import type { Chunk } from '../../shared/domain'
import type { Analysis, Step, StepMeta } from './step'

export const meta: StepMeta = {
  name: 'consistency',
  needs: ['document', 'chunks'],
  gives: ['chunks'],
}

/** How many times a note must tag a name, with one label, before its other occurrences get it. */
export const MIN_TAGGED_OCCURRENCES = 2
/** Names shorter than this are never copied: one letter is too often something else. */
export const MIN_NAME_LENGTH = 2

/** A name tagged often enough with one label, and the chunks that tag it. */
interface TaggedName {
  readonly label: string
  readonly chunks: readonly Chunk[]
}

/**
 * The chunks plus one per untagged, word-bounded occurrence of a consistently tagged name (see
 * MIN_TAGGED_OCCURRENCES), ids renumbered c1, c2, … in text order. An added chunk takes the
 * lowest confidence of the chunks it copies.
 */
export function consistentMentions(text: string, chunks: readonly Chunk[]): readonly Chunk[] {
  const added: Chunk[] = []
  const taken = chunks.map(({ start, end }) => ({ start, end }))
  for (const [name, tagged] of taggedNames(chunks)) {
    const confidence = Math.min(...tagged.chunks.map((chunk) => chunk.confidence))
    for (const start of wordBoundedOccurrences(text, name)) {
      const end = start + name.length
      if (taken.some((span) => span.start < end && start < span.end)) continue
      taken.push({ start, end })
      // Present until the assertion step, which runs next, reads the mention's own context.
      const mention = { start, end, text: name, label: tagged.label, confidence }
      added.push({ ...mention, id: '', assertion: 'present', assertionCue: null })
    }
  }
  if (added.length === 0) return chunks
  return renumber([...chunks, ...added])
}

/** The pipeline step: consistentMentions over the NER step's chunks. */
export const consistencyStep: Step = {
  meta,
  run: (analysis: Analysis): Analysis =>
    Object.freeze({
      ...analysis,
      chunks: consistentMentions(analysis.document.text, analysis.chunks),
    }),
}

function taggedNames(chunks: readonly Chunk[]): Map<string, TaggedName> {
  const byName = new Map<string, Chunk[]>()
  for (const chunk of chunks) {
    if (chunk.text.length < MIN_NAME_LENGTH) continue
    byName.set(chunk.text, [...(byName.get(chunk.text) ?? []), chunk])
  }
  const names = new Map<string, TaggedName>()
  for (const [name, tagged] of byName) {
    const labels = new Set(tagged.map((chunk) => chunk.label))
    const [label] = labels
    if (labels.size === 1 && label && tagged.length >= MIN_TAGGED_OCCURRENCES) {
      names.set(name, { label, chunks: tagged })
    }
  }
  return names
}

/** Start offsets of `name` in `text` with no letter or digit touching it on either side. */
function wordBoundedOccurrences(text: string, name: string): number[] {
  const starts: number[] = []
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    if (!isWordCharacter(text, at - 1) && !isWordCharacter(text, at + name.length)) starts.push(at)
  }
  return starts
}

const WORD_CHARACTER = /[\p{L}\p{N}]/u

function isWordCharacter(text: string, index: number): boolean {
  return index >= 0 && index < text.length && WORD_CHARACTER.test(text.charAt(index))
}

function renumber(chunks: readonly Chunk[]): readonly Chunk[] {
  const ordered = [...chunks].sort((a, b) => a.start - b.start || a.end - b.end)
  return Object.freeze(ordered.map((chunk, i) => Object.freeze({ ...chunk, id: `c${i + 1}` })))
}
