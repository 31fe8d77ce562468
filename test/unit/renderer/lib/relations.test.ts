// Relations in the note view: which chunks relate, labels, grouping, anchors and arc geometry.
import { describe, expect, it } from 'vitest'
import type { Relation } from '../../../../src/shared/domain'
import {
  anchorBox,
  arcPath,
  groupByType,
  relatedChunkIds,
  relationEntries,
  relationKey,
  relationLabel,
} from '../../../../src/renderer/src/lib/relations'

// "Left knee pain after a fall." — Left c1 [0,4)  knee c2 [5,9)  pain c3 [10,14)  fall c4 [23,27)
function relation(head: string, tail: string, type: string, confidence: number): Relation {
  return { head, tail, type, confidence, model: 'fast' }
}

const RELATIONS = [
  relation('c2', 'c1', 'bodypart_direction', 0.97),
  relation('c3', 'c1', 'direction_finding', 0.88),
  relation('c3', 'c2', 'bodypart_problem', 0.914),
  relation('c4', 'c4', 'self', 0.5),
]

describe('relationLabel', () => {
  it('names the type and the confidence to two decimals', () => {
    expect(relationLabel({ type: 'bodypart_problem', confidence: 0.914 })).toBe(
      'bodypart_problem 0.91',
    )
    expect(relationLabel({ type: 'x', confidence: 1 })).toBe('x 1.00')
  })
})

describe('relationEntries', () => {
  it('lists the relations of the chunk as head or tail, best first, with the other end', () => {
    const entries = relationEntries('c3', RELATIONS)
    expect(entries.map((e) => [e.other, e.role, e.label])).toEqual([
      ['c2', 'head', 'bodypart_problem 0.91'],
      ['c1', 'head', 'direction_finding 0.88'],
    ])
    expect(relationEntries('c1', RELATIONS).map((e) => [e.other, e.role])).toEqual([
      ['c2', 'tail'],
      ['c3', 'tail'],
    ])
  })

  it('gives nothing for no chunk, an unrelated chunk or a relation of a chunk with itself', () => {
    expect(relationEntries(null, RELATIONS)).toEqual([])
    expect(relationEntries('c9', RELATIONS)).toEqual([])
    expect(relationEntries('c4', RELATIONS)).toEqual([])
  })

  it('keys relations by head, tail and type, so two types between one pair stay apart', () => {
    const both = [relation('a', 'b', 't1', 0.5), relation('a', 'b', 't2', 0.5)]
    const keys = relationEntries('a', both).map((e) => e.key)
    expect(new Set(keys).size).toBe(2)
    expect(relationKey(both[0]!)).toBe('a>b:t1')
  })
})

describe('relatedChunkIds', () => {
  it('is the set of chunks at the other end, never the chunk itself', () => {
    expect([...relatedChunkIds('c3', RELATIONS)].sort()).toEqual(['c1', 'c2'])
    expect([...relatedChunkIds('c2', RELATIONS)].sort()).toEqual(['c1', 'c3'])
    expect(relatedChunkIds(null, RELATIONS).size).toBe(0)
  })
})

describe('groupByType', () => {
  it('groups by type in alphabetical order and keeps entries best first', () => {
    const entries = relationEntries('c1', [
      ...RELATIONS,
      relation('c5', 'c1', 'bodypart_direction', 0.99),
    ])
    const groups = groupByType(entries)
    expect(groups.map((g) => g.type)).toEqual(['bodypart_direction', 'direction_finding'])
    expect(groups[0]?.entries.map((e) => e.other)).toEqual(['c5', 'c2'])
  })
})

describe('anchorBox', () => {
  it('joins the boxes of a chunk cut into marks on its first line, and ignores later lines', () => {
    const box = anchorBox([
      { left: 10, top: 40, width: 20, height: 18 },
      { left: 34, top: 40, width: 30, height: 18 },
      { left: 0, top: 70, width: 50, height: 18 },
    ])
    expect(box).toEqual({ left: 10, top: 40, width: 54, height: 18 })
  })

  it('is null for a chunk with no box', () => {
    expect(anchorBox([])).toBeNull()
  })
})

describe('arcPath', () => {
  const left = { left: 0, top: 100, width: 40, height: 20 }
  const right = { left: 100, top: 100, width: 40, height: 20 }

  it('bows above the line between top centres when both chunks share a line', () => {
    const arc = arcPath(right, left)
    expect(arc.d).toMatch(/^M 120 100 Q 70 -?[\d.]+ 20 100$/)
    // Rises above the text, more for wider spans, within bounds.
    expect(arc.apex.y).toBeLessThan(100)
    expect(arc.apex.x).toBe(70)
    const far = arcPath({ ...right, left: 400 }, left)
    expect(far.apex.y).toBeLessThan(arc.apex.y)
    expect(100 - far.apex.y).toBeLessThanOrEqual(26)
    expect(100 - arcPath(left, { ...left, left: 45 }).apex.y).toBeGreaterThanOrEqual(7)
  })

  it('curves in from above when the chunks are on different lines', () => {
    const below = { left: 300, top: 160, width: 40, height: 20 }
    const arc = arcPath(left, below)
    expect(arc.d.startsWith('M 20 100 C 20 ')).toBe(true)
    expect(arc.d.endsWith(' 320 160')).toBe(true)
    expect(arc.apex.x).toBe(170)
    expect(arc.apex.y).toBeLessThan(130)
  })
})
