// NER batching: whichever sentences share a model call, each sentence gets the tags and
// probabilities it gets alone, back in its own place (tiny fixture model, real ONNX runtime).
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { tagBatch, tagSentences } from '../../../src/main/pipeline/ner'
import { loadNerModel } from '../../../src/main/pipeline/nerModel'
import { splitSentences } from '../../../src/main/pipeline/segment'

const TINY_DIR = fileURLToPath(new URL('../../fixtures/ner-tiny', import.meta.url))
const NOTE = fileURLToPath(new URL('../../fixtures/pipeline/note-430.txt', import.meta.url))

describe('tagSentences', () => {
  it('tags a whole note as each sentence is tagged alone, in sentence order', async () => {
    const model = await loadNerModel(TINY_DIR)
    const text = readFileSync(NOTE, 'utf8')
    const sentences = splitSentences(text)
    const lengths = new Set(sentences.map((sentence) => sentence.tokens.length))
    // Several lengths, so the plan has several calls and padding in most of them.
    expect(lengths.size).toBeGreaterThan(5)
    const together = await tagSentences(model, text, sentences)
    const alone = await Promise.all(
      sentences.map(async (sentence) => {
        if (sentence.tokens.length === 0) return { tags: [], probabilities: [] }
        const tokens = sentence.tokens.map((token) => text.slice(token.start, token.end))
        const [tagged] = await tagBatch(model, [tokens])
        return tagged
      }),
    )
    expect(together).toHaveLength(sentences.length)
    together.forEach((tagged, i) => {
      expect(tagged.tags).toEqual(alone[i]?.tags)
      tagged.probabilities.forEach((p, t) =>
        expect(p).toBeCloseTo(alone[i]?.probabilities[t] ?? NaN, 5),
      )
    })
  })
})
