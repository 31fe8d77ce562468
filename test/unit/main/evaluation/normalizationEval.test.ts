// Unit: top-1/top-5 scoring of rankers on PGR mentions, gold ids mapped through retired-id aliases.
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { evaluateNormalization, score } from '../../../../src/main/evaluation/normalizationEval'

const PGR = resolve('test/fixtures/eval/pgr')

// Rankers written for the test: a fixed answer list per mention text.
const answers = (table: Record<string, string[]>) => (text: string, limit: number) =>
  (table[text] ?? []).slice(0, limit)

describe('score', () => {
  it('counts rank 1 for top1 and ranks 1 to 5 for top5', () => {
    const mentions = [
      { doc: '1', text: 'a', gold: 'X' },
      { doc: '2', text: 'b', gold: 'X' },
      { doc: '3', text: 'c', gold: 'X' },
      { doc: '4', text: 'd', gold: 'X' },
    ]
    const ranker = answers({ a: ['X'], b: ['Y', 'X'], c: ['1', '2', '3', '4', '5', 'X'] })
    expect(score(mentions, ranker)).toEqual({ top1: 0.25, top5: 0.5, n: 4 })
    expect(score([], ranker)).toEqual({ top1: 0, top5: 0, n: 0 })
  })
})

describe('evaluateNormalization', () => {
  const perfect = answers({
    'lactic acidemia': ['HP:0003128'],
    seizures: ['HP:0001250'],
    cancer: ['HP:0002664'],
    clitoromegaly: ['HP:0008665'],
    fits: ['HP:0000707', 'HP:0001250'],
  })

  it('scores resolver and baseline in one run, mapping retired gold ids', () => {
    const result = evaluateNormalization({
      corpus: 'pgr',
      split: 'train',
      dataDir: PGR,
      resolver: perfect,
      baseline: answers({ cancer: ['HP:0002664'] }),
      aliases: new Map([
        ['HP:0001275', 'HP:0001250'],
        ['HP:0000057', 'HP:0008665'],
      ]),
      knownCodes: new Set(['HP:0003128', 'HP:0001250', 'HP:0002664']),
    })
    expect(result).toMatchObject({
      corpus: 'pgr',
      split: 'train',
      top1: 0.8,
      top5: 1,
      n: 5,
      baseline: { top1: 0.2, top5: 0.2, n: 5 },
      gold_remapped: 2,
      gold_not_in_index: 1,
      withheld_mentions: 2,
    })
    expect(result.distinct.resolver.n).toBe(5)
  })

  it('refuses an unknown corpus or split', () => {
    const base = { dataDir: PGR, resolver: perfect, baseline: perfect }
    expect(() => evaluateNormalization({ ...base, corpus: 'ncbi', split: 'train' })).toThrow(
      expect.objectContaining({ code: 'E_OPTION', message: expect.stringContaining('--corpus') }),
    )
    expect(() => evaluateNormalization({ ...base, corpus: 'pgr', split: 'val' })).toThrow(
      expect.objectContaining({ code: 'E_OPTION', message: expect.stringContaining('--split') }),
    )
  })
})
