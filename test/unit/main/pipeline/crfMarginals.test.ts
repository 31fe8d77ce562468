import { describe, expect, it } from 'vitest'
import { crfMarginals } from '../../../../src/main/pipeline/crfMarginals'
import { bioConstraints, type TagScores } from '../../../../src/main/pipeline/viterbi'

const tags = ['O', 'B-Drug', 'I-Drug']
const rules = bioConstraints(tags)
const scores: TagScores = {
  transitions: [
    [0.2, -0.1, 0.4],
    [0.3, 0.1, 0.9],
    [-0.2, 0.5, 0.7],
  ],
  start: [0.1, 0.3, -0.4],
  end: [0.2, -0.3, 0.5],
}
const emissions = [1.0, 0.5, 0.2, -0.3, 1.2, 0.8, 0.4, 0.1, 1.5]

// Every BIO-valid path scored in full: the marginals forward-backward must reproduce.
function bruteForce(length: number): number[] {
  const n = tags.length
  const totals = new Array<number>(length * n).fill(0)
  let z = 0
  const walk = (path: number[]): void => {
    if (path.length === length) {
      let score = (scores.start?.[path[0] ?? 0] ?? 0) + (scores.end?.[path[length - 1] ?? 0] ?? 0)
      path.forEach((tag, t) => {
        score += emissions[t * n + tag] ?? 0
        if (t > 0) score += scores.transitions?.[path[t - 1] ?? 0]?.[tag] ?? 0
      })
      const weight = Math.exp(score)
      z += weight
      path.forEach((tag, t) => (totals[t * n + tag] = (totals[t * n + tag] ?? 0) + weight))
      return
    }
    for (let tag = 0; tag < n; tag++) {
      const previous = path[path.length - 1]
      const allowed =
        previous === undefined ? rules.canStart[tag] : rules.allowed[previous * n + tag]
      if (allowed) walk([...path, tag])
    }
  }
  walk([])
  return totals.map((total) => total / z)
}

describe('crfMarginals', () => {
  it('gives each token the probability of every tag over all BIO-valid paths', () => {
    const marginals = crfMarginals(emissions, 3, rules, scores)
    const expected = bruteForce(3)
    expected.forEach((p, k) => expect(marginals[k]).toBeCloseTo(p, 10))
  })

  it('rows sum to 1, and no sentence opens with an I- tag', () => {
    const marginals = crfMarginals(emissions, 3, rules, scores)
    for (let t = 0; t < 3; t++) {
      const row = Array.from(marginals.subarray(t * 3, t * 3 + 3))
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
    }
    expect(marginals[2]).toBe(0)
  })

  it('without CRF scores is the softmax of each token under the BIO rules', () => {
    const none: TagScores = { transitions: null, start: null, end: null }
    const [a, b] = [Math.exp(2), Math.exp(1)]
    const marginals = crfMarginals([2, 1, 5], 1, rules, none)
    expect(marginals[0]).toBeCloseTo(a / (a + b), 12)
    expect(marginals[2]).toBe(0)
    expect(crfMarginals([], 0, rules, none)).toHaveLength(0)
  })
})
