// Codes per chunk: reading order, best-first candidates, and which chunks are proposed.
import { describe, expect, it } from 'vitest'
import type { Assertion, Chunk } from '../../../../src/shared/domain'
import type { ReviewSuggestion } from '../../../../src/shared/ipc'
import {
  enrichedView,
  groupByBasis,
  groupByChunk,
  navigationOrder,
} from '../../../../src/renderer/src/lib/codes'

function chunk(id: string, start: number, end: number, assertion: Assertion = 'present'): Chunk {
  return {
    id,
    start,
    end,
    text: 'x'.repeat(end - start),
    label: 'Problem',
    confidence: 0.9,
    assertion,
    assertionCue: null,
  }
}

function suggestion(
  id: number,
  chunkId: string,
  code: string,
  score: number,
  rank = 1,
): ReviewSuggestion {
  return {
    id,
    chunk: chunkId,
    basis: 'base',
    chunkText: 'x',
    system: 'ICD-10-CM',
    code,
    description: code,
    billable: true,
    score,
    rank,
    assertion: 'present',
    decision: null,
  }
}

describe('groupByChunk', () => {
  const chunks = [chunk('late', 40, 44), chunk('early', 2, 9), chunk('negated', 20, 30, 'absent')]
  const suggestions = [
    suggestion(1, 'late', 'M25.562', 0.6),
    suggestion(2, 'early', 'R07.9', 0.5, 2),
    suggestion(3, 'early', 'R07.89', 0.8),
    suggestion(4, 'negated', 'R06.02', 0.9),
  ]

  it('lists chunks in text order and candidates best first', () => {
    const groups = groupByChunk(chunks, suggestions)
    expect(groups.map((g) => g.chunk.id)).toEqual(['early', 'negated', 'late'])
    expect(groups[0]?.suggestions.map((s) => s.code)).toEqual(['R07.89', 'R07.9'])
  })

  it('does not propose codes of absent, hypothetical or family chunks', () => {
    const groups = groupByChunk(chunks, suggestions)
    expect(groups.map((g) => g.isProposed)).toEqual([true, false, true])
    for (const assertion of ['hypothetical', 'family'] as const) {
      const [group] = groupByChunk([chunk('c', 0, 1, assertion)], [suggestion(9, 'c', 'Z00', 1)])
      expect(group?.isProposed).toBe(false)
    }
    for (const assertion of ['possible', 'historical'] as const) {
      const [group] = groupByChunk([chunk('c', 0, 1, assertion)], [suggestion(9, 'c', 'Z00', 1)])
      expect(group?.isProposed).toBe(true)
    }
  })

  it('leaves out chunks without suggestions and keeps equal scores in a stable order', () => {
    const groups = groupByChunk(
      [chunk('a', 0, 1), chunk('b', 2, 3)],
      [suggestion(2, 'a', 'B01', 0.5), suggestion(1, 'a', 'A01', 0.5)],
    )
    expect(groups).toHaveLength(1)
    expect(groups[0]?.suggestions.map((s) => s.code)).toEqual(['A01', 'B01'])
  })
})

describe('navigationOrder', () => {
  it('walks only proposed chunks, at most `limit` candidates each', () => {
    const groups = groupByChunk(
      [chunk('a', 0, 1), chunk('neg', 2, 3, 'absent'), chunk('b', 4, 5)],
      [
        suggestion(1, 'a', 'A1', 0.9),
        suggestion(2, 'a', 'A2', 0.8),
        suggestion(3, 'a', 'A3', 0.7),
        suggestion(4, 'neg', 'N1', 0.9),
        suggestion(5, 'b', 'B1', 0.9),
      ],
    )
    expect(navigationOrder(groups, 2).map((s) => s.code)).toEqual(['A1', 'A2', 'B1'])
  })
})

describe('grouping by basis', () => {
  const enriched = (id: number, code: string, score: number): ReviewSuggestion => ({
    ...suggestion(id, 'pain', code, score),
    basis: 'enriched',
    chunkText: 'left knee pain',
  })

  it('puts the enriched suggestions first, each basis best first, with its matched text', () => {
    const [group] = groupByChunk(
      [chunk('pain', 10, 14)],
      [
        suggestion(1, 'pain', 'R52', 0.95),
        enriched(2, 'M25.569', 0.8),
        enriched(3, 'M25.562', 0.9),
        suggestion(4, 'pain', 'G89.29', 0.4),
      ],
    )
    expect(group?.byBasis.map((b) => [b.basis, b.chunkText])).toEqual([
      ['enriched', 'left knee pain'],
      ['base', 'x'],
    ])
    expect(group?.suggestions.map((s) => s.code)).toEqual(['M25.562', 'M25.569', 'R52', 'G89.29'])
    // The keyboard walks the panel's order: the first `limit` of each basis.
    expect(navigationOrder(group ? [group] : [], 1).map((s) => s.code)).toEqual(['M25.562', 'R52'])
  })

  it('leaves out a basis with no suggestions', () => {
    expect(groupByBasis([suggestion(1, 'a', 'A01', 0.5)]).map((b) => b.basis)).toEqual(['base'])
    expect(groupByBasis([])).toEqual([])
  })
})

describe('enrichedView', () => {
  const chunks = [chunk('left', 0, 4), chunk('knee', 5, 9), chunk('pain', 10, 14)]
  const byId = new Map(chunks.map((c) => [c.id, c]))

  it('resolves the modifiers to chunks in text order', () => {
    const view = enrichedView(
      'pain',
      [{ chunk: 'pain', modifiers: ['knee', 'left', 'gone'], text: 'left knee pain' }],
      byId,
    )
    expect(view?.text).toBe('left knee pain')
    expect(view?.modifiers.map((c) => c.id)).toEqual(['left', 'knee'])
  })

  it('is null for a chunk that was not enriched', () => {
    expect(enrichedView('knee', [{ chunk: 'pain', modifiers: [], text: 'pain' }], byId)).toBeNull()
  })
})
