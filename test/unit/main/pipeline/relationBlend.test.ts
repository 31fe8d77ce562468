import { describe, expect, it } from 'vitest'
import { blendPair, FAST_SHARE } from '../../../../src/main/pipeline/relationBlend'

const classes = ['O', 'bodypart_problem', 'direction_finding']

describe('blendPair', () => {
  it('averages the two distributions evenly', () => {
    expect(FAST_SHARE).toBe(0.5)
    const fast = { classIndex: 0, probability: 0.6, probabilities: [0.6, 0.4, 0] }
    const accurate = { classIndex: 1, probability: 0.7, probabilities: [0.3, 0.7, 0] }
    const blended = blendPair(classes, fast, accurate, classes)
    expect(blended.classIndex).toBe(1)
    expect(blended.probability).toBeCloseTo(0.55, 10)
  })

  it('matches the transformer head classes to the fast model classes by name', () => {
    const fast = { classIndex: 2, probability: 0.5, probabilities: [0.3, 0.2, 0.5] }
    // The head lists the same classes in another order: direction_finding first.
    const headClasses = ['direction_finding', 'O', 'bodypart_problem']
    const accurate = { classIndex: 2, probability: 0.9, probabilities: [0.05, 0.05, 0.9] }
    const blended = blendPair(classes, fast, accurate, headClasses)
    expect(classes[blended.classIndex]).toBe('bodypart_problem')
    expect(blended.probability).toBeCloseTo(0.55, 10)
  })

  it('keeps the fast prediction for a pair the transformer did not read', () => {
    const fast = { classIndex: 2, probability: 0.8, probabilities: [0.1, 0.1, 0.8] }
    const unread = { classIndex: 0, probability: 1, probabilities: [] }
    expect(blendPair(classes, fast, unread, classes)).toBe(fast)
  })
})
