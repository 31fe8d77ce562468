// Knowledge graph: which chunks and relations become nodes and edges, relation families, and the
// graph's connected parts.
import { describe, expect, it } from 'vitest'
import {
  MAX_CAPTION_CHARS,
  buildKnowledgeGraph,
  connectedParts,
  relationFamily,
} from '../../../../src/renderer/src/lib/knowledgeGraph'
import {
  DOSE,
  DRUG,
  FALL,
  FEVER,
  FREQ,
  KNEE,
  LEFT,
  PAIN,
  RELATIONS,
  ROUTE,
  chunk,
  rel,
} from './relationFixtures'

const CHUNKS = [FEVER, LEFT, KNEE, PAIN, FALL, DRUG, DOSE, ROUTE, FREQ]

describe('buildKnowledgeGraph', () => {
  it('makes nodes of related chunks only, in text order, and an edge per relation', () => {
    const graph = buildKnowledgeGraph(CHUNKS, RELATIONS)
    expect(graph.nodes.map((n) => n.chunk.id)).toEqual([
      'c1',
      'c2',
      'c3',
      'c4',
      'c5',
      'c6',
      'c7',
      'c8',
    ])
    expect(graph.edges).toHaveLength(RELATIONS.length)
    const edge = graph.edges.find((e) => e.relation.type === 'bodypart_problem')
    expect(edge?.title).toBe('bodypart_problem 0.91')
    expect(edge?.key).toBe('c3>c2:bodypart_problem')
  })

  it('drops self relations, relations to unknown chunks and repeats, keeping the surest', () => {
    const ghost = chunk('ghost', 'Problem', 90, 'ghost')
    const graph = buildKnowledgeGraph(CHUNKS, [
      rel(FEVER, FEVER, 'self'),
      rel(FEVER, ghost, 'OVERLAP'),
      rel(DRUG, DOSE, 'drug_dosage', 0.6),
      rel(DRUG, DOSE, 'drug_dosage', 0.8),
    ])
    expect(graph.nodes.map((n) => n.chunk.id)).toEqual(['c5', 'c6'])
    expect(graph.edges.map((e) => e.relation.confidence)).toEqual([0.8])
  })

  it('is empty for a note without relations', () => {
    expect(buildKnowledgeGraph(CHUNKS, [])).toEqual({ nodes: [], edges: [] })
    expect(buildKnowledgeGraph([], [])).toEqual({ nodes: [], edges: [] })
  })

  it('cuts long chunk text on the card, and sizes the card to its longer line', () => {
    const long = chunk('l', 'Dosage', 0, '600 mg by mouth every 6 hours as needed for pain')
    const graph = buildKnowledgeGraph([long, DRUG], [rel(DRUG, long, 'drug_dosage')])
    const node = graph.nodes.find((n) => n.chunk.id === 'l')
    expect(node?.caption).toHaveLength(MAX_CAPTION_CHARS)
    expect(node?.caption.endsWith('…')).toBe(true)
    // "Left" and "knee" are as long, "Direction" is longer than "BodyPart": the label line sets the width.
    const [left, knee] = buildKnowledgeGraph([LEFT, KNEE], [rel(KNEE, LEFT, 'x')]).nodes
    expect(left?.width).toBeGreaterThan(knee?.width ?? Infinity)
    expect(node?.width).toBeGreaterThan(left?.width ?? Infinity)
  })
})

describe('relationFamily', () => {
  it('tells the three relation models apart by type', () => {
    expect(['BEFORE', 'AFTER', 'OVERLAP'].map(relationFamily)).toEqual([
      'temporal',
      'temporal',
      'temporal',
    ])
    expect(relationFamily('drug_route')).toBe('posology')
    expect(relationFamily('bodypart_problem')).toBe('clinical')
    expect(relationFamily('test_result')).toBe('clinical')
  })
})

describe('connectedParts', () => {
  it('splits the graph into its connected parts, in text order, each with its own edges', () => {
    const parts = connectedParts(buildKnowledgeGraph(CHUNKS, RELATIONS))
    expect(parts.map((p) => p.nodes.map((n) => n.chunk.id))).toEqual([
      ['c1', 'c2', 'c3', 'c4'],
      ['c5', 'c6', 'c7', 'c8'],
    ])
    expect(parts.map((p) => p.edges.length)).toEqual([4, 3])
    expect(connectedParts({ nodes: [], edges: [] })).toEqual([])
  })

  it('joins parts through a chain whatever the direction of its relations', () => {
    const parts = connectedParts(
      buildKnowledgeGraph(CHUNKS, [
        rel(KNEE, LEFT, 'a'),
        rel(FALL, PAIN, 'b'),
        rel(PAIN, LEFT, 'c'),
      ]),
    )
    expect(parts.map((p) => p.nodes.map((n) => n.chunk.id))).toEqual([['c1', 'c2', 'c3', 'c4']])
  })
})
