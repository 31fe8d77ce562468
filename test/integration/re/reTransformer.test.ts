// The shipped accurate (transformer, entity-marker) RE models through onnxruntime-node: both
// layouts classify known clinical pairs, and the accurate relate step turns the fast model's
// candidate pairs of a written note into relations marked "accurate", alone or averaged with the
// fast model as the app's accurate mode runs it.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createPairStep } from '../../../src/main/pipeline/pair'
import { loadRelationModel } from '../../../src/main/pipeline/reModel'
import { createAccurateRelateStep, predictPairs } from '../../../src/main/pipeline/relate'
import {
  classifySentences,
  headWithClasses,
  loadTransformerRelationModel,
  type MarkedSentence,
} from '../../../src/main/pipeline/reTransformer'
import { segment } from '../../../src/main/pipeline/segment'
import { startAnalysis, type Analysis } from '../../../src/main/pipeline/step'
import type { Chunk, NoteDocument } from '../../../src/shared/domain'
import { CoderError } from '../../../src/shared/errors'

const MODELS = join('resources', 'models')

describe.each(['re-transformer', 're-transformer-onepass'])('%s', (name) => {
  const dir = join(MODELS, name)

  it('classifies known pairs of "Severe left knee pain since 2019" with the clinical head', async () => {
    const model = await loadTransformerRelationModel(dir)
    expect(model.layout).toBe(name === 're-transformer' ? 'pair' : 'sentence')
    const tokens = ['Severe', 'left', 'knee', 'pain', 'since', '2019']
    const sentence: MarkedSentence = {
      pieces: tokens.map((token) => model.wordPiece.tokenIds(token)),
      entities: [
        { first: 0, end: 1, label: 'Severity' },
        { first: 1, end: 2, label: 'Direction' },
        { first: 2, end: 3, label: 'BodyPart' },
        { first: 3, end: 4, label: 'Symptom' },
      ],
      pairs: [
        { first: 1, second: 3 },
        { first: 2, second: 3 },
        { first: 2, second: 2 }, // one entity with itself cannot be marked: "O"
      ],
    }
    const [found] = await classifySentences(model, 'maccrobat', [sentence])
    const classes = model.heads['maccrobat']?.classes ?? []
    expect(found?.map((c) => classes[c.classIndex])).toEqual([
      'direction_finding',
      'bodypart_problem',
      'O',
    ])
    for (const c of found ?? []) expect(c.probability).toBeGreaterThan(0.5)
  })

  it('gives the same classes batched with other sentences as alone', async () => {
    const model = await loadTransformerRelationModel(dir)
    const make = (words: string[], labels: string[]): MarkedSentence => ({
      pieces: words.map((w) => model.wordPiece.tokenIds(w)),
      entities: labels.map((label, k) => ({ first: k, end: k + 1, label })),
      pairs: [{ first: 0, second: 1 }],
    })
    const a = make(['knee', 'swelling', 'noted', 'today'], ['BodyPart', 'Symptom'])
    const b = make(['CT', 'abdomen', 'was', 'normal', 'on', 'admission'], ['Test', 'BodyPart'])
    const alone = await classifySentences(model, 'maccrobat', [a])
    const together = await classifySentences(model, 'maccrobat', [b, a])
    expect(together[1]?.[0]?.classIndex).toBe(alone[0]?.[0]?.classIndex)
  })

  it('finds the head with the fast clinical model classes, and refuses unknown classes', async () => {
    const model = await loadTransformerRelationModel(dir)
    const clinical = await loadRelationModel(join(MODELS, 're-clinical'))
    expect(headWithClasses(model, clinical.spec.classes)).toBe('maccrobat')
    expect(() => headWithClasses(model, ['O', 'unknown'])).toThrow(CoderError)
  })

  it('relates the fast model candidate pairs of a note, marked "accurate"', async () => {
    const model = await loadTransformerRelationModel(dir)
    const clinical = await loadRelationModel(join(MODELS, 're-clinical'))
    const paired = await createPairStep(clinical).run(kneeNote())
    const related = await createAccurateRelateStep(model, 'maccrobat').run(paired)
    const found = related.relations.map((r) => `${r.head}>${r.tail}:${r.type}:${r.model}`)
    expect(found).toContain('c4>c3:bodypart_problem:accurate')
    expect(found).toContain('c4>c2:direction_finding:accurate')
    expect(found).toContain('c6>c5:bodypart_procedure:accurate')
    // No pair spans the two sentences.
    expect(found.some((r) => r.startsWith('c6>c3') || r.startsWith('c4>c5'))).toBe(false)
  })

  it('with the fast model, gives each relation the mean of both models probabilities', async () => {
    const model = await loadTransformerRelationModel(dir)
    const clinical = await loadRelationModel(join(MODELS, 're-clinical'))
    const paired = await createPairStep(clinical).run(kneeNote())
    const alone = await createAccurateRelateStep(model, 'maccrobat').run(paired)
    const blended = await createAccurateRelateStep(model, 'maccrobat', clinical).run(paired)
    const fast = await predictPairs(
      clinical,
      paired.pairs.map((pair) => pair.features),
    )
    let agreed = 0
    for (const relation of blended.relations) {
      const k = paired.pairs.findIndex((p) => p.head === relation.head && p.tail === relation.tail)
      const c = clinical.spec.classes.indexOf(relation.type)
      const fastProbability = fast[k]?.probabilities[c] ?? NaN
      const transformerAlone = alone.relations.find(
        (r) => r.head === relation.head && r.tail === relation.tail,
      )
      expect(relation.model).toBe('accurate')
      // Where both models agree, the mean lies between their probabilities.
      if (transformerAlone?.type === relation.type) {
        agreed++
        const low = Math.min(fastProbability, transformerAlone.confidence)
        const high = Math.max(fastProbability, transformerAlone.confidence)
        expect(relation.confidence).toBeGreaterThanOrEqual(low - 1e-6)
        expect(relation.confidence).toBeLessThanOrEqual(high + 1e-6)
        expect(relation.confidence).toBeCloseTo(
          (fastProbability + transformerAlone.confidence) / 2,
          5,
        )
      }
    }
    expect(agreed).toBeGreaterThan(0)
    const types = blended.relations.map((r) => `${r.head}>${r.tail}:${r.type}`)
    expect(types).toContain('c4>c3:bodypart_problem')
  })
})

function kneeNote(): Analysis {
  const text = 'Severe left knee pain.\nChest X-ray was normal.'
  const document: NoteDocument = {
    id: 'n1',
    path: 'n1.txt',
    text,
    encoding: 'utf-8',
    sections: [{ name: 'BODY', start: 0, end: text.length }],
  }
  const chunk = (id: string, word: string, label: string, from = 0): Chunk => {
    const start = text.indexOf(word, from)
    return {
      id,
      start,
      end: start + word.length,
      text: word,
      label,
      confidence: 1,
      assertion: 'present',
      assertionCue: null,
    }
  }
  const analysis = {
    ...segment(startAnalysis(document)),
    chunks: [
      chunk('c1', 'Severe', 'Severity'),
      chunk('c2', 'left', 'Direction'),
      chunk('c3', 'knee', 'BodyPart'),
      chunk('c4', 'pain', 'Symptom'),
      chunk('c5', 'Chest', 'BodyPart'),
      chunk('c6', 'X-ray', 'Test'),
    ],
  }
  return analysis
}
