// Knowledge graph of one note: its related chunks as nodes, its relations as edges, and its
// connected parts (renderer lib, pure; lib/graphLayout.ts places it).
import type { Chunk, Relation } from '../../../shared/domain'
import { TEMPORAL_TYPES } from './patientTimeline'
import { relationKey, relationLabel } from './relations'

/** A chunk that takes part in at least one relation, with the box its card needs (px). */
export interface GraphNode {
  readonly chunk: Chunk
  /** The chunk text as the card shows it: cut to `MAX_CAPTION_CHARS` with an ellipsis. */
  readonly caption: string
  readonly width: number
  readonly height: number
}

/** Which of the three relation models a type comes from, for the edge's drawing. */
export type RelationFamily = 'clinical' | 'posology' | 'temporal'

/** One relation between two nodes; `title` is its type and confidence, for the hover text. */
export interface GraphEdge {
  readonly key: string
  readonly relation: Relation
  readonly family: RelationFamily
  readonly title: string
}

export interface KnowledgeGraph {
  /** In text order. */
  readonly nodes: readonly GraphNode[]
  /** One per distinct head, tail and type; the most confident when the model repeated one. */
  readonly edges: readonly GraphEdge[]
}

/** Cards show at most this many characters of a chunk; the title has the whole text. */
export const MAX_CAPTION_CHARS = 28
/** Card metrics: the chunk text is monospace (as in the note), the label a small caption above it. */
const TEXT_CHAR_PX = 7.3
const LABEL_CHAR_PX = 6.2
const CARD_PAD_PX = 8
const CARD_HEIGHT_PX = 34
/** Room for the assertion tag ("neg", "hyp"…) in the card's top right corner. */
const TAG_PX = 20

/** The family of a relation type: temporal (BEFORE, AFTER, OVERLAP), posology (drug_…) or clinical. */
export function relationFamily(type: string): RelationFamily {
  if (TEMPORAL_TYPES.includes(type)) return 'temporal'
  return type.startsWith('drug_') ? 'posology' : 'clinical'
}

function compareChunks(a: Chunk, b: Chunk): number {
  return a.start - b.start || a.end - b.end || a.id.localeCompare(b.id)
}

function caption(text: string): string {
  const flat = text.replace(/\s+/g, ' ')
  return flat.length > MAX_CAPTION_CHARS ? `${flat.slice(0, MAX_CAPTION_CHARS - 1)}…` : flat
}

function toNode(chunk: Chunk): GraphNode {
  const text = caption(chunk.text)
  const tag = chunk.assertion === 'present' ? 0 : TAG_PX
  const width = Math.max(text.length * TEXT_CHAR_PX, chunk.label.length * LABEL_CHAR_PX + tag)
  return { chunk, caption: text, width: Math.ceil(width + 2 * CARD_PAD_PX), height: CARD_HEIGHT_PX }
}

/**
 * The graph of a note: relations between two distinct known chunks become edges (self relations and
 * relations to a chunk not in `chunks` are dropped), and their chunks the nodes.
 */
export function buildKnowledgeGraph(
  chunks: readonly Chunk[],
  relations: readonly Relation[],
): KnowledgeGraph {
  const byId = new Map(chunks.map((c) => [c.id, c]))
  const best = new Map<string, Relation>()
  for (const relation of relations) {
    if (relation.head === relation.tail || !byId.has(relation.head) || !byId.has(relation.tail))
      continue
    const key = relationKey(relation)
    const seen = best.get(key)
    if (!seen || relation.confidence > seen.confidence) best.set(key, relation)
  }
  const used = new Set([...best.values()].flatMap((r) => [r.head, r.tail]))
  const nodes = chunks
    .filter((c) => used.has(c.id))
    .sort(compareChunks)
    .map(toNode)
  const edges = [...best.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, relation]) => ({
      key,
      relation,
      family: relationFamily(relation.type),
      title: relationLabel(relation),
    }))
  return { nodes, edges }
}

/** The graph's connected parts, each with its nodes and edges, in the text order of their first node. */
export function connectedParts(graph: KnowledgeGraph): KnowledgeGraph[] {
  const part = new Map(graph.nodes.map((n) => [n.chunk.id, n.chunk.id]))
  const find = (id: string): string => {
    let root = id
    while ((part.get(root) ?? root) !== root) root = part.get(root) ?? root
    return root
  }
  for (const { relation } of graph.edges) part.set(find(relation.tail), find(relation.head))
  const parts = new Map<string, { nodes: GraphNode[]; edges: GraphEdge[] }>()
  // Nodes come in text order, so parts are created in the order of their first node.
  for (const node of graph.nodes) {
    const root = find(node.chunk.id)
    const entry = parts.get(root) ?? { nodes: [], edges: [] }
    entry.nodes.push(node)
    parts.set(root, entry)
  }
  for (const edge of graph.edges) parts.get(find(edge.relation.head))?.edges.push(edge)
  return [...parts.values()]
}
