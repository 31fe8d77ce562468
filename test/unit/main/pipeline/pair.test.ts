import { describe, expect, it } from 'vitest'
import {
  findRule,
  pairFeatures,
  passesFilter,
  tokenize,
  tokenizedSentence,
  whitelistedPairs,
  type PairEntity,
  type RelationSpec,
} from '../../../../src/main/pipeline'

// The same sentence, spec and expected numbers as training/re/test_features.py, so the two
// feature builders are held to one definition.
const text = 'Severe pain in the left knee, no swelling.'
const words = [
  '<pad>',
  '<unk>',
  'severe',
  'pain',
  'in',
  'the',
  'left',
  'knee',
  ',',
  'no',
  'swelling',
]
const wordId = (token: string): number => {
  const id = words.indexOf(token.toLowerCase())
  return id < 0 ? 1 : id
}
const CORE = ['Problem', 'Symptom', 'Procedure', 'Test']
const spec: RelationSpec = {
  types: ['BodyPart', 'Direction', 'Severity', 'TestResult', ...CORE],
  pairs: [
    { head: ['Problem', 'Symptom'], tail: ['BodyPart'], category: 'bodypart_problem' },
    { head: CORE, tail: ['Direction'], category: 'direction_finding' },
    { head: CORE, tail: ['Severity'], category: 'severity_finding' },
    { head: ['BodyPart'], tail: ['Direction'], category: 'bodypart_direction' },
  ],
  classes: ['O', 'bodypart_problem', 'direction_finding', 'severity_finding', 'bodypart_direction'],
  maxTokens: 3,
  maxBetween: 1,
  span: 3,
  window: 2,
  context: 4,
}
const entities: PairEntity[] = [
  { start: 0, end: 6, label: 'Severity' },
  { start: 7, end: 11, label: 'Symptom' },
  { start: 19, end: 23, label: 'Direction' },
  { start: 24, end: 28, label: 'BodyPart' },
  { start: 33, end: 41, label: 'Symptom' },
]
const sentence = tokenizedSentence(text, tokenize(text), wordId)

describe('whitelistedPairs', () => {
  it('pairs only whitelisted types, in text order, with head/tail roles and the filter verdict', () => {
    const pairs = whitelistedPairs(sentence, entities, spec)
    expect(pairs.map((p) => [p.left, p.right, p.rule.category, p.isLeftHead, p.isKept])).toEqual([
      [0, 1, 'severity_finding', false, true],
      [0, 4, 'severity_finding', false, false],
      [1, 2, 'direction_finding', true, true],
      [1, 3, 'bodypart_problem', true, true],
      [2, 3, 'bodypart_direction', false, true],
      [2, 4, 'direction_finding', false, false],
      [3, 4, 'bodypart_problem', false, true],
    ])
  })

  it('never pairs overlapping entities', () => {
    const overlapping: PairEntity[] = [
      { start: 7, end: 11, label: 'Symptom' },
      { start: 7, end: 28, label: 'BodyPart' },
    ]
    expect(whitelistedPairs(sentence, overlapping, spec)).toEqual([])
  })
})

describe('pairFeatures', () => {
  it('builds span ids, five context windows and log1p distances as training does', () => {
    const features = pairFeatures(sentence, entities, 1, 3, spec)
    expect(features).toEqual({
      types: [6, 1],
      span1: [3, 0, 0],
      span2: [7, 0, 0],
      context: [
        [2, 0, 0, 0],
        [4, 5, 0, 0],
        [5, 6, 0, 0],
        [8, 9, 0, 0],
        [4, 5, 6, 0],
      ],
      scalars: [3, 1, 0, 1, 1].map(Math.log1p),
      gap: 3,
      syntax: 1,
    })
  })

  it('counts clause punctuation between the entities as syntactic distance', () => {
    const features = pairFeatures(sentence, entities, 2, 4, spec)
    expect(features?.gap).toBe(3)
    expect(features?.syntax).toBe(2)
    expect(features && passesFilter(features, spec)).toBe(false)
  })

  it('gives null when a span covers no token', () => {
    const blank: PairEntity[] = [...entities, { start: 6, end: 7, label: 'BodyPart' }]
    expect(pairFeatures(sentence, blank, 1, 5, spec)).toBeNull()
  })
})

describe('findRule', () => {
  it('finds the rule in either order and says which side is the head', () => {
    expect(findRule(spec, 'BodyPart', 'Symptom')?.isLeftHead).toBe(false)
    expect(findRule(spec, 'Symptom', 'BodyPart')?.rule.category).toBe('bodypart_problem')
    expect(findRule(spec, 'Symptom', 'Symptom')).toBeNull()
  })
})
