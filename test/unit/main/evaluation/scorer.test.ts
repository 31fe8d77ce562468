// NER scoring: exact span + label matches, per-label and micro P/R/F1 on a hand-made example.
import { describe, expect, it } from 'vitest'
import { scoreNer } from '../../../../src/main/evaluation/scorer'

const span = (start: number, end: number, label: string) => ({ start, end, label })

describe('scoreNer', () => {
  it('counts an exact span with the same label as correct', () => {
    const score = scoreNer(
      [{ gold: [span(0, 4, 'Drug')], predicted: [span(0, 4, 'Drug')] }],
      ['Drug'],
    )
    expect(score.per_type['Drug']).toMatchObject({ p: 1, r: 1, f1: 1, support: 1, correct: 1 })
    expect(score.micro_f1).toBe(1)
  })

  it('counts a type mismatch as one miss and one false alarm', () => {
    const score = scoreNer(
      [{ gold: [span(0, 4, 'Problem')], predicted: [span(0, 4, 'Symptom')] }],
      ['Problem', 'Symptom'],
    )
    expect(score.per_type['Problem']).toMatchObject({ p: 0, r: 0, support: 1, predicted: 0 })
    expect(score.per_type['Symptom']).toMatchObject({ p: 0, r: 0, support: 0, predicted: 1 })
    expect(score.micro_f1).toBe(0)
  })

  it('counts a partial overlap as a miss, not a match', () => {
    const score = scoreNer(
      [{ gold: [span(10, 27, 'Problem')], predicted: [span(10, 18, 'Problem')] }],
      ['Problem'],
    )
    expect(score.per_type['Problem']).toMatchObject({ correct: 0, support: 1, predicted: 1, f1: 0 })
  })

  it('gives per-label and micro P/R/F1 on a worked example', () => {
    // Document 1 gold: Drug [0,7) [20,29); Problem [40,49) [60,77). Predicted: Drug [0,7) (hit),
    // Problem [40,49) (hit), Problem [60,68) (partial: miss), Drug [90,95) (false alarm).
    // Document 2 gold: Problem [0,5). Predicted: Problem [0,5) (hit), Test [8,12) (not compared).
    // Drug: 1 correct of 2 predicted, 2 gold → P 0.5, R 0.5, F1 0.5.
    // Problem: 2 correct of 3 predicted, 3 gold → P 0.6667, R 0.6667, F1 0.6667.
    // Micro: 3 correct, 5 predicted, 5 gold → P 0.6, R 0.6, F1 0.6.
    const score = scoreNer(
      [
        {
          gold: [
            span(0, 7, 'Drug'),
            span(20, 29, 'Drug'),
            span(40, 49, 'Problem'),
            span(60, 77, 'Problem'),
          ],
          predicted: [
            span(0, 7, 'Drug'),
            span(40, 49, 'Problem'),
            span(60, 68, 'Problem'),
            span(90, 95, 'Drug'),
          ],
        },
        { gold: [span(0, 5, 'Problem')], predicted: [span(0, 5, 'Problem'), span(8, 12, 'Test')] },
      ],
      ['Drug', 'Problem'],
    )
    expect(score.per_type).toEqual({
      Drug: { p: 0.5, r: 0.5, f1: 0.5, support: 2, predicted: 2, correct: 1 },
      Problem: { p: 0.6667, r: 0.6667, f1: 0.6667, support: 3, predicted: 3, correct: 2 },
    })
    expect(score).toMatchObject({ p: 0.6, r: 0.6, micro_f1: 0.6 })
  })

  it('scores each document separately: the same offsets in another document do not match', () => {
    const score = scoreNer(
      [
        { gold: [span(0, 4, 'Drug')], predicted: [] },
        { gold: [], predicted: [span(0, 4, 'Drug')] },
      ],
      ['Drug'],
    )
    expect(score.per_type['Drug']).toMatchObject({ correct: 0, support: 1, predicted: 1 })
  })

  it('reads each list as a set, and gives 0 rather than NaN when nothing is predicted', () => {
    const twice = scoreNer(
      [{ gold: [span(0, 4, 'Drug')], predicted: [span(0, 4, 'Drug'), span(0, 4, 'Drug')] }],
      ['Drug'],
    )
    expect(twice.per_type['Drug']).toMatchObject({ p: 1, predicted: 1 })
    const none = scoreNer([{ gold: [span(0, 4, 'Drug')], predicted: [] }], ['Drug'])
    expect(none).toMatchObject({ p: 0, r: 0, micro_f1: 0 })
  })
})
