// Knowledge graph layout: d3-force run to rest (deterministic), cards apart and inside the box,
// edges from border to border, connected parts packed in rows of the given width.
import { describe, expect, it } from 'vitest'
import type { Chunk } from '../../../../src/shared/domain'
import { buildKnowledgeGraph } from '../../../../src/renderer/src/lib/knowledgeGraph'
import {
  layoutKnowledgeGraph,
  layoutParts,
  packParts,
  type GraphLayout,
  type PlacedNode,
} from '../../../../src/renderer/src/lib/graphLayout'
import {
  DOSE,
  DRUG,
  FALL,
  FREQ,
  KNEE,
  LEFT,
  PAIN,
  RELATIONS,
  ROUTE,
  chunk,
  rel,
} from './relationFixtures'

const CHUNKS = [LEFT, KNEE, PAIN, FALL, DRUG, DOSE, ROUTE, FREQ]

function overlaps(a: PlacedNode, b: PlacedNode): boolean {
  return (
    Math.abs(a.x - b.x) < (a.width + b.width) / 2 && Math.abs(a.y - b.y) < (a.height + b.height) / 2
  )
}

function isOnBorder(x: number, y: number, node: PlacedNode): boolean {
  const dx = Math.abs(x - node.x) - node.width / 2
  const dy = Math.abs(y - node.y) - node.height / 2
  // On the box's edge give or take the arrow gap (2 px) and rounding.
  return Math.max(dx, dy) > 0 && Math.max(dx, dy) < 3.5
}

describe('layoutKnowledgeGraph', () => {
  const layout: GraphLayout = layoutKnowledgeGraph(buildKnowledgeGraph(CHUNKS, RELATIONS), 2000)

  it('gives the same layout every time (no timer, no random seed)', () => {
    expect(layoutKnowledgeGraph(buildKnowledgeGraph(CHUNKS, RELATIONS), 2000)).toEqual(layout)
  })

  it('keeps every card inside its box and apart from every other card', () => {
    for (const node of layout.nodes) {
      expect(node.x - node.width / 2).toBeGreaterThanOrEqual(0)
      expect(node.y - node.height / 2).toBeGreaterThanOrEqual(0)
      expect(node.x + node.width / 2).toBeLessThanOrEqual(layout.width)
      expect(node.y + node.height / 2).toBeLessThanOrEqual(layout.height)
    }
    for (const [i, a] of layout.nodes.entries()) {
      for (const b of layout.nodes.slice(i + 1))
        expect(overlaps(a, b), `${a.chunk.id} ${b.chunk.id}`).toBe(false)
    }
  })

  it('keeps the edge labels inside the box', () => {
    for (const edge of layout.edges) {
      expect(edge.labelAt.x).toBeGreaterThan(0)
      expect(edge.labelAt.x).toBeLessThan(layout.width)
      expect(edge.labelAt.y).toBeGreaterThan(0)
      expect(edge.labelAt.y).toBeLessThan(layout.height)
    }
  })

  it('draws each edge from the border of its head card to the border of its tail card', () => {
    const at = new Map(layout.nodes.map((n) => [n.chunk.id, n]))
    for (const edge of layout.edges) {
      const numbers = edge.d.match(/-?\d+(\.\d+)?/g)?.map(Number) ?? []
      expect(numbers).toHaveLength(6)
      const [x0, y0, , , x1, y1] = numbers as [number, number, number, number, number, number]
      expect(isOnBorder(x0, y0, at.get(edge.relation.head)!), edge.key).toBe(true)
      expect(isOnBorder(x1, y1, at.get(edge.relation.tail)!), edge.key).toBe(true)
    }
  })

  it('bows two relations between one pair apart, whichever way they point', () => {
    const both = layoutKnowledgeGraph(
      buildKnowledgeGraph(CHUNKS, [
        rel(PAIN, KNEE, 'bodypart_problem'),
        rel(KNEE, PAIN, 'OVERLAP'),
        rel(PAIN, KNEE, 'BEFORE'),
      ]),
    )
    const labels = both.edges.map((e) => `${e.labelAt.x},${e.labelAt.y}`)
    expect(new Set(labels).size).toBe(3)
    expect(new Set(both.edges.map((e) => e.d)).size).toBe(3)
  })

  it('is empty for an empty graph', () => {
    expect(layoutKnowledgeGraph({ nodes: [], edges: [] })).toEqual({
      nodes: [],
      edges: [],
      width: 0,
      height: 0,
    })
  })

  it('packs the connected parts side by side when they fit, else in rows, in text order', () => {
    const graph = buildKnowledgeGraph(CHUNKS, RELATIONS)
    const bounds = (l: GraphLayout, ids: string[]) => {
      const nodes = l.nodes.filter((n) => ids.includes(n.chunk.id))
      return {
        left: Math.min(...nodes.map((n) => n.x - n.width / 2)),
        right: Math.max(...nodes.map((n) => n.x + n.width / 2)),
        top: Math.min(...nodes.map((n) => n.y - n.height / 2)),
        bottom: Math.max(...nodes.map((n) => n.y + n.height / 2)),
      }
    }
    const knee = ['c1', 'c2', 'c3', 'c4']
    const drug = ['c5', 'c6', 'c7', 'c8']
    const wide = bounds(layout, knee)
    expect(bounds(layout, drug).left).toBeGreaterThan(wide.right)
    const narrow = layoutKnowledgeGraph(graph, layout.width - 40)
    expect(narrow.width).toBeLessThan(layout.width)
    expect(narrow.height).toBeGreaterThan(layout.height)
    expect(bounds(narrow, drug).top).toBeGreaterThan(bounds(narrow, knee).bottom)
    // A part is moved, never reshaped, by the packing.
    const dx = (l: GraphLayout) =>
      (l.nodes.find((n) => n.chunk.id === 'c2')?.x ?? 0) -
      (l.nodes.find((n) => n.chunk.id === 'c1')?.x ?? 0)
    expect(dx(narrow)).toBeCloseTo(dx(layout), 0)
  })
})

describe('layoutParts + packParts', () => {
  it('packs the same laid-out parts into more rows when the pane is narrower', () => {
    const parts = layoutParts(buildKnowledgeGraph(CHUNKS, RELATIONS))
    expect(parts).toHaveLength(2)
    const wide = packParts(parts, 2000)
    const narrow = packParts(parts, 200)
    expect(narrow.height).toBeGreaterThan(wide.height)
    expect(narrow.width).toBeLessThan(wide.width)
    // Within a part, cards keep their places relative to each other.
    const gap = (l: GraphLayout) => {
      const [drug, dose] = [DRUG, DOSE].map((c) => l.nodes.find((n) => n.chunk.id === c.id))
      return drug && dose ? [dose.x - drug.x, dose.y - drug.y] : null
    }
    expect(gap(narrow)).toEqual(gap(wide))
  })

  it('still places every card of a part far past 100 cards, each at a finite point', () => {
    const chain = Array.from({ length: 400 }, (_, i) => chunk(`k${i}`, 'Problem', i * 8, `p${i}`))
    const links = chain.slice(1).map((c, i) => rel(chain[i] as Chunk, c, 'BEFORE'))
    const parts = layoutParts(buildKnowledgeGraph(chain, links))
    expect(parts).toHaveLength(1)
    expect(parts[0]?.nodes).toHaveLength(400)
    expect(parts[0]?.nodes.every((n) => Number.isFinite(n.x) && Number.isFinite(n.y))).toBe(true)
  })
})
