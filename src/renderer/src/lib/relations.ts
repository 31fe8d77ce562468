// Relations in the note view: which chunks relate to a chunk, their labels, and the arcs drawn
// between highlighted spans (renderer lib, pure: boxes come in as numbers, nothing touches the DOM).
import type { Relation } from '../../../shared/domain'

/** One relation seen from a chunk: the chunk on the other end and which end this chunk is. */
export interface RelationEntry {
  readonly relation: Relation
  readonly key: string
  /** The chunk at the other end of the relation. */
  readonly other: string
  /** 'head' when the chunk is the relation's head (e.g. "pain" of pain → knee). */
  readonly role: 'head' | 'tail'
  readonly label: string
}

/** Relations of one type, best first. */
export interface RelationGroup {
  readonly type: string
  readonly entries: readonly RelationEntry[]
}

/** A rectangle in the note's content coordinates (px), as a DOMRect gives it less the origin. */
export interface Box {
  readonly left: number
  readonly top: number
  readonly width: number
  readonly height: number
}

export interface Point {
  readonly x: number
  readonly y: number
}

/** An SVG path between two chunk boxes, and where its label sits. */
export interface ArcShape {
  readonly d: string
  readonly apex: Point
}

/** Arcs rise at least this far above the text, and at most `MAX_LIFT_PX`, by span width. */
const MIN_LIFT_PX = 7
const MAX_LIFT_PX = 26
const LIFT_PER_PX = 0.12

/** Stable identity of a relation within a run: head, tail and type. */
export function relationKey(relation: Relation): string {
  return `${relation.head}>${relation.tail}:${relation.type}`
}

/** The label shown for a relation: its type and confidence to two decimals, e.g. "bodypart_problem 0.91". */
export function relationLabel(relation: Pick<Relation, 'type' | 'confidence'>): string {
  return `${relation.type} ${relation.confidence.toFixed(2)}`
}

function compareRelations(a: Relation, b: Relation): number {
  return (
    b.confidence - a.confidence ||
    a.type.localeCompare(b.type) ||
    relationKey(a).localeCompare(relationKey(b))
  )
}

/** The relations a chunk takes part in, as head or tail, best first; none for a null chunk. */
export function relationEntries(
  chunkId: string | null,
  relations: readonly Relation[],
): RelationEntry[] {
  if (chunkId === null) return []
  return relations
    .filter((r) => r.head !== r.tail && (r.head === chunkId || r.tail === chunkId))
    .sort(compareRelations)
    .map((relation) => {
      const role = relation.head === chunkId ? 'head' : 'tail'
      const other = role === 'head' ? relation.tail : relation.head
      return { relation, key: relationKey(relation), other, role, label: relationLabel(relation) }
    })
}

/** The chunks related to a chunk (itself excluded). */
export function relatedChunkIds(
  chunkId: string | null,
  relations: readonly Relation[],
): Set<string> {
  return new Set(relationEntries(chunkId, relations).map((e) => e.other))
}

/** Groups a chunk's relation entries by type, types in alphabetical order, entries best first. */
export function groupByType(entries: readonly RelationEntry[]): RelationGroup[] {
  const byType = new Map<string, RelationEntry[]>()
  for (const entry of entries) {
    const list = byType.get(entry.relation.type) ?? []
    list.push(entry)
    byType.set(entry.relation.type, list)
  }
  return [...byType.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, list]) => ({ type, entries: list }))
}

/**
 * The box to anchor a chunk's arcs on: the union of its boxes on the first line it occupies
 * (a chunk may be cut into several marks, or wrap). Null when it has no box (not rendered).
 */
export function anchorBox(boxes: readonly Box[]): Box | null {
  const first = boxes[0]
  if (!first) return null
  const sameLine = boxes.filter((b) => Math.abs(b.top - first.top) < first.height / 2)
  const left = Math.min(...sameLine.map((b) => b.left))
  const right = Math.max(...sameLine.map((b) => b.left + b.width))
  return { left, top: first.top, width: right - left, height: first.height }
}

const round = (n: number): number => Math.round(n * 10) / 10

/**
 * The path from the top centre of `from` to the top centre of `to`: a bow above the line when
 * both are on one line (higher for wider spans), else a curve that leaves and enters from above.
 */
export function arcPath(from: Box, to: Box): ArcShape {
  const a = { x: round(from.left + from.width / 2), y: round(from.top) }
  const b = { x: round(to.left + to.width / 2), y: round(to.top) }
  const span = Math.abs(b.x - a.x) + Math.abs(b.y - a.y)
  const lift = round(Math.min(MAX_LIFT_PX, Math.max(MIN_LIFT_PX, span * LIFT_PER_PX)))
  const isSameLine = Math.abs(a.y - b.y) < Math.max(from.height, to.height) / 2
  if (isSameLine) {
    const top = Math.min(a.y, b.y) - lift
    // A quadratic's midpoint lies halfway between the ends' midpoint and its control point.
    const controlY = round(2 * top - (a.y + b.y) / 2)
    const d = `M ${a.x} ${a.y} Q ${round((a.x + b.x) / 2)} ${controlY} ${b.x} ${b.y}`
    return { d, apex: { x: round((a.x + b.x) / 2), y: round(top) } }
  }
  const d = `M ${a.x} ${a.y} C ${a.x} ${round(a.y - lift)} ${b.x} ${round(b.y - lift)} ${b.x} ${b.y}`
  // A symmetric cubic's midpoint: halfway in x, three quarters of the lift above the ends' mean.
  const apex = { x: round((a.x + b.x) / 2), y: round((a.y + b.y) / 2 - 0.75 * lift) }
  return { d, apex }
}
