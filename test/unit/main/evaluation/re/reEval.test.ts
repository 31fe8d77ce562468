import { describe, expect, it } from 'vitest'
import { goldLabel, maccrobatSentences } from '../../../../../src/main/evaluation/reCorpora'
import { evaluateRe, scoreRelations } from '../../../../../src/main/evaluation'
import type { RelationSpec } from '../../../../../src/main/pipeline'

const CORE = ['Problem', 'Symptom', 'Procedure', 'Test']
const spec: RelationSpec = {
  types: ['BodyPart', 'Direction', 'Severity', 'TestResult', ...CORE],
  pairs: [
    { head: ['Problem', 'Symptom'], tail: ['BodyPart'], category: 'bodypart_problem' },
    { head: CORE, tail: ['Direction'], category: 'direction_finding' },
    { head: ['BodyPart'], tail: ['Direction'], category: 'bodypart_direction' },
    { head: ['Test'], tail: ['TestResult'], category: 'test_result' },
  ],
  classes: ['O', 'bodypart_problem', 'direction_finding', 'bodypart_direction', 'test_result'],
  maxTokens: null,
  maxBetween: null,
  span: 8,
  window: 5,
  context: 16,
}

//           0         1          2         3
//           0123456789012345678901 234567890123456
const text = 'Pain in the left knee.\nMRI was normal.\n'
const ann = [
  'T1\tSign_symptom 0 4\tPain',
  'E1\tSign_symptom:T1 ',
  'T2\tBiological_structure 12 21\tleft knee',
  'R1\tMODIFY Arg1:T2 Arg2:E1\t',
  'T3\tDiagnostic_procedure 23 26\tMRI',
  'E2\tDiagnostic_procedure:T3 ',
  'T4\tLab_value 31 37\tnormal',
  'R2\tMODIFY Arg1:T4 Arg2:E2\t',
  'T5\tAge 0 4\tPain',
].join('\n')

describe('maccrobatSentences', () => {
  it('splits laterality off body parts, resolves events and labels MODIFY pairs by category', () => {
    const sentences = maccrobatSentences('r1', text, ann, spec)
    expect(sentences.map((s) => [s.text, s.entities])).toEqual([
      [
        'Pain in the left knee.',
        [
          { start: 0, end: 4, label: 'Symptom' },
          { start: 12, end: 16, label: 'Direction' },
          { start: 17, end: 21, label: 'BodyPart' },
        ],
      ],
      [
        'MRI was normal.',
        [
          { start: 0, end: 3, label: 'Test' },
          { start: 8, end: 14, label: 'TestResult' },
        ],
      ],
    ])
    const [first, second] = sentences
    if (!first || !second) throw new Error('two sentences expected')
    expect(goldLabel(first, 0, 1)).toBe('direction_finding')
    expect(goldLabel(first, 2, 0)).toBe('bodypart_problem')
    expect(goldLabel(first, 1, 2)).toBe('bodypart_direction')
    expect(goldLabel(second, 0, 1)).toBe('test_result')
  })

  it('labels whitelisted pairs without a MODIFY link "O"', () => {
    const unlinked = ann
      .split('\n')
      .filter((line) => !line.startsWith('R'))
      .join('\n')
    const [first] = maccrobatSentences('r1', text, unlinked, spec)
    expect(first && goldLabel(first, 0, 2)).toBe('O')
    // The pieces of one split span still modify each other.
    expect(first && goldLabel(first, 1, 2)).toBe('bodypart_direction')
  })
})

describe('scoreRelations', () => {
  it('scores each non-O class, macro-averages their F1 and pools them for micro F1', () => {
    const score = scoreRelations(['a', 'O', 'b', 'a'], ['a', 'a', 'O', 'a'], ['O', 'a', 'b'])
    expect(score.per_type).toEqual({
      a: { p: 0.6667, r: 1, f1: 0.8, support: 2 },
      b: { p: 0, r: 0, f1: 0, support: 1 },
    })
    expect(score.macro_f1).toBe(0.4)
    expect(score.micro_f1).toBe(0.6667)
  })
})

describe('evaluateRe options', () => {
  const options = { corpus: 'ade', split: 'dev', mode: 'fast', dataDir: '.', modelDir: '.' }

  it('refuses --mode accurate, unknown corpora and unknown splits with E_OPTION', async () => {
    for (const bad of [{ mode: 'accurate' }, { corpus: 'i2b2' }, { split: 'validation' }]) {
      await expect(evaluateRe({ ...options, ...bad })).rejects.toMatchObject({ code: 'E_OPTION' })
    }
  })

  it('says which data folder is missing', async () => {
    await expect(evaluateRe({ ...options, dataDir: '/no/such/folder' })).rejects.toMatchObject({
      code: 'E_FILE_NOT_FOUND',
    })
  })
})
