// Viterbi: BIO constraints, learned transitions, and numpy's tie-breaking.
import { describe, expect, it } from 'vitest'
import { argmax, bioConstraints, viterbi } from '../../../../src/main/pipeline/viterbi'

const TAGS = ['O', 'B-Problem', 'I-Problem', 'B-Drug', 'I-Drug']
const rules = bioConstraints(TAGS)
const decode = (rows: number[][], scores?: Parameters<typeof viterbi>[3]) =>
  viterbi(rows.flat(), rows.length, rules, scores).map((i) => TAGS[i])

describe('bioConstraints', () => {
  it('allows I-X only after B-X or I-X and never first', () => {
    const allowed = (prev: string, next: string) =>
      rules.allowed[TAGS.indexOf(prev) * TAGS.length + TAGS.indexOf(next)]
    expect(allowed('B-Problem', 'I-Problem')).toBe(true)
    expect(allowed('I-Problem', 'I-Problem')).toBe(true)
    expect(allowed('O', 'I-Problem')).toBe(false)
    expect(allowed('B-Drug', 'I-Problem')).toBe(false)
    expect(allowed('I-Drug', 'B-Problem')).toBe(true)
    expect(rules.canStart).toEqual([true, true, false, true, false])
  })
})

describe('viterbi', () => {
  it('never emits I-X after O or another type, even when I-X scores best', () => {
    // Per-token argmax would say O, I-Problem, B-Drug, I-Problem.
    const rows = [
      [5, 0, 0, 0, 0],
      [0, 3, 4, 0, 0],
      [0, 0, 0, 5, 0],
      [0, 1, 4, 0, 2],
    ]
    expect(decode(rows)).toEqual(['O', 'B-Problem', 'B-Drug', 'I-Drug'])
  })

  it('does not start with I-X', () => {
    expect(decode([[0, 1, 3, 0, 0]])).toEqual(['B-Problem'])
  })

  it('adds learned transitions and start/end scores', () => {
    const rows = [
      [1, 1.2, 0, 0, 0],
      [1, 0, 1.1, 0, 0],
    ]
    expect(decode(rows)).toEqual(['B-Problem', 'I-Problem'])
    const transitions = TAGS.map(() => TAGS.map(() => 0))
    transitions[1]![2] = -5
    expect(decode(rows, { transitions, start: null, end: null })).toEqual(['B-Problem', 'O'])
    const end = [0, 0, -5, 0, 0]
    expect(decode(rows, { transitions: null, start: null, end })).toEqual(['B-Problem', 'O'])
    const start = [0, -5, 0, 0, 0]
    expect(decode(rows, { transitions: null, start, end: null })).toEqual(['O', 'O'])
  })

  it('breaks ties towards the lower tag index, as numpy argmax does', () => {
    expect(decode([[1, 1, 0, 1, 0]])).toEqual(['O'])
    expect(argmax([0, 2, 2])).toBe(1)
    expect(viterbi([], 0, rules)).toEqual([])
  })
})
