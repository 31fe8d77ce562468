// NER parity with the training side: tokens, ids, emissions and decoded tags must equal what
// PyTorch produced (fixture.json), for the tiny test model and, once it exists, the real one.
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runModel, tagBatch } from '../../../src/main/pipeline/ner'
import { loadNerModel } from '../../../src/main/pipeline/nerModel'
import { tokenize } from '../../../src/main/pipeline/segment'
import { argmax } from '../../../src/main/pipeline/viterbi'

interface FixtureSentence {
  text: string
  tokens: string[]
  wordIds: number[]
  charIds: number[][]
  argmaxTags: string[]
  viterbiTags: string[]
  emissions: number[][]
}

const TINY_DIR = fileURLToPath(new URL('../../fixtures/ner-tiny', import.meta.url))
const REAL_DIR = fileURLToPath(new URL('../../../resources/models/ner', import.meta.url))
const hasRealModel = existsSync(`${REAL_DIR}/fixture.json`) && existsSync(`${REAL_DIR}/model.onnx`)
if (!hasRealModel) {
  console.warn(`NER parity for the real model skipped: ${REAL_DIR}/fixture.json is not there yet.`)
}

function readFixture(dir: string): FixtureSentence[] {
  return (
    JSON.parse(readFileSync(`${dir}/fixture.json`, 'utf8')) as { sentences: FixtureSentence[] }
  ).sentences
}

function parityTests(dir: string): void {
  const sentences = readFixture(dir)

  it('tokenizes and encodes each sentence as the training side did', async () => {
    const model = await loadNerModel(dir)
    for (const sentence of sentences) {
      const tokens = tokenize(sentence.text).map((t) => sentence.text.slice(t.start, t.end))
      expect(tokens).toEqual(sentence.tokens)
      expect(tokens.map(model.wordId)).toEqual(sentence.wordIds)
      expect(tokens.map(model.charIds)).toEqual(sentence.charIds)
    }
  })

  it('gives the PyTorch emissions on a padded batch, and the same argmax and Viterbi tags', async () => {
    const model = await loadNerModel(dir)
    const batch = sentences.map((s) => s.tokens)
    const emissions = await runModel(model, batch)
    const numTags = model.tags.length
    const seq = Math.max(...batch.map((tokens) => tokens.length))
    let maxDiff = 0
    sentences.forEach((sentence, b) => {
      sentence.emissions.forEach((row, t) => {
        const got = emissions.subarray((b * seq + t) * numTags, (b * seq + t + 1) * numTags)
        row.forEach((value, k) => (maxDiff = Math.max(maxDiff, Math.abs(value - (got[k] ?? NaN)))))
        expect(model.tags[argmax(got)]).toBe(sentence.argmaxTags[t])
      })
    })
    expect(maxDiff).toBeLessThan(1e-3)
    const tagged = await tagBatch(model, batch)
    expect(tagged.map((s) => s.tags.map((i) => model.tags[i]))).toEqual(
      sentences.map((s) => s.viterbiTags),
    )
  })
}

describe('NER parity: tiny fixture model', () => parityTests(TINY_DIR))

describe.skipIf(!hasRealModel)(
  'NER parity: resources/models/ner (skipped until the trained model and fixture.json exist)',
  () => parityTests(REAL_DIR),
)
