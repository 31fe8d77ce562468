// Reciprocal rank fusion of the full-text and vector lists, then the re-ranking (issue 4).
import { describe, expect, it } from 'vitest'
import {
  normalizeQuery,
  specificStems,
  titleStems,
} from '../../../../src/main/terminology/normalize'
import {
  bm25,
  fusedRanks,
  rankHits,
  type Hit,
  type WeightedTerm,
} from '../../../../src/main/terminology/rank'

let nextId = 1
function hit(code: string, description: string, billable: boolean, ancestors: string[] = []): Hit {
  return {
    id: nextId++,
    system: 'ICD-10-CM',
    code,
    description,
    billable,
    ancestors,
    stems: titleStems(description),
    stemSet: new Set(titleStems(description)),
    specific: specificStems(description),
    via: { kind: 'description', text: description },
  }
}

const terms = (text: string): WeightedTerm[] =>
  normalizeQuery(text).map((term) => ({ ...term, forms: [term.stem], documents: 10, weight: 1 }))

describe('fusedRanks', () => {
  it('sums 1/(60 + rank) over the lists a hit is in', () => {
    const [a, b, c] = [
      hit('A1', 'Pain in knee', true),
      hit('A2', 'Knee', true),
      hit('A3', 'Gonalgia', true),
    ]
    const hits = [a, b, c] as Hit[]
    const fused = fusedRanks(
      hits,
      [2, 1, 0],
      new Map([
        [c?.id ?? 0, 0],
        [a?.id ?? 0, 1],
      ]),
    )
    expect(fused[0]).toBeCloseTo(1 / 61 + 1 / 62)
    expect(fused[1]).toBeCloseTo(1 / 62)
    expect(fused[2]).toBeCloseTo(1 / 61)
  })
})

describe('fusedRanks with ties', () => {
  it('gives equal BM25s the same full-text rank, whatever their order in the list', () => {
    const hits = [
      hit('B1', 'Knee tendon', true),
      hit('B2', 'Knee joint', true),
      hit('B3', 'Knee', true),
    ]
    const fused = fusedRanks(hits, [1, 1, 2], new Map())
    expect(fused[0]).toBe(fused[1])
    expect(fused[0]).toBeCloseTo(1 / 62)
    expect(fused[2]).toBeCloseTo(1 / 61)
  })
})

describe('rankHits with vector ranks', () => {
  const knee = [
    hit('M25.56', 'Pain in knee', false, ['M25.5']),
    hit('M25.562', 'Pain in left knee', true, ['M25.56', 'M25.5']),
    hit('M25.561', 'Pain in right knee', true, ['M25.56', 'M25.5']),
  ]
  const near = hit('M79.604', 'Pain in right leg', true)

  it('keeps a full-text match above a vector-only hit, and marks what the vectors found', () => {
    const query = terms('left knee pain')
    const ranked = rankHits(
      [...knee, near],
      query,
      5,
      4,
      new Map([
        [near.id, 0],
        [knee[1]?.id ?? 0, 1],
      ]),
    )
    expect(ranked[0]?.code).toBe('M25.562')
    expect(ranked[0]?.via).toEqual([
      { kind: 'description', text: 'Pain in left knee' },
      { kind: 'vector', text: 'Pain in left knee' },
    ])
    const vectorOnly = ranked.find((candidate) => candidate.code === 'M79.604')
    expect(vectorOnly?.via).toEqual(
      expect.arrayContaining([{ kind: 'vector', text: 'Pain in right leg' }]),
    )
    expect(ranked.findIndex((c) => c.code === 'M25.56')).toBeGreaterThan(0)
  })

  it('ranks as before when there are no vector ranks', () => {
    const query = terms('left knee pain')
    expect(rankHits(knee, query, 5, 4).map((c) => c.code)).toEqual(
      rankHits(knee, query, 5, 4, new Map()).map((c) => c.code),
    )
    expect(bm25(knee[1] as Hit, query, 4)).toBeGreaterThan(0)
  })
})
