import { describe, expect, it } from 'vitest'
import { BILSTM_SHARE, blendSentence, sameTagSet } from '../../../../src/main/pipeline/nerBlend'
import { bioConstraints } from '../../../../src/main/pipeline/viterbi'

const tags = ['O', 'B-Drug', 'I-Drug']
// The transformer's head lists the same tags in another order.
const headTags = ['B-Drug', 'I-Drug', 'O']
const toHead = tags.map((tag) => headTags.indexOf(tag))
const bilstm = {
  tags,
  rules: bioConstraints(tags),
  scores: { transitions: null, start: null, end: null },
}

describe('sameTagSet', () => {
  it('compares tag names in any order', () => {
    expect(sameTagSet(tags, headTags)).toBe(true)
    expect(sameTagSet(tags, ['O', 'B-Drug', 'I-Chemical'])).toBe(false)
    expect(sameTagSet(tags, ['O', 'B-Drug'])).toBe(false)
  })
})

describe('blendSentence', () => {
  it('decodes the average of both marginals, read through the head order', () => {
    expect(BILSTM_SHARE).toBe(0.5)
    // BiLSTM: token 0 leans O (e^1 vs e^0); one token, no CRF scores: its softmax.
    const emissions = Float32Array.from([1, 0, -Infinity])
    // Transformer (head order B, I, O): token 0 is surely B-Drug.
    const fromTransformer = Float64Array.from([0.95, 0, 0.05])
    const own = Math.exp(1) / (Math.exp(1) + 1)
    const tagged = blendSentence(bilstm, emissions, fromTransformer, toHead, 3)
    expect(tagged.tags).toEqual([1])
    expect(tagged.probabilities[0]).toBeCloseTo(0.5 * (1 - own) + 0.5 * 0.95, 10)
  })

  it('keeps a BIO-valid path where the average alone would open with I-', () => {
    const emissions = Float32Array.from([0, 0, 0, 0, 0, 0])
    // Token 0 averages to I-Drug 0.45 > B-Drug 0.30 > O 0.25, but I- cannot open: B-Drug, I-Drug.
    const fromTransformer = Float64Array.from([0.1, 0.9, 0, 0.1, 0.9, 0])
    const tagged = blendSentence(bilstm, emissions, fromTransformer, toHead, 3)
    expect(tagged.tags.map((t) => tags[t])).toEqual(['B-Drug', 'I-Drug'])
  })
})
