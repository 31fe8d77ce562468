// Patient timeline of one note, from its temporal relations: Date chunks anchor what overlaps them,
// and BEFORE/AFTER order the rest into steps (renderer lib, pure: chunks and relations in, steps out).
import type { Chunk, Relation } from '../../../shared/domain'

/** Relation types of the temporal model (resources/models/re-temporal/labels.json). */
export const TEMPORAL_TYPES: readonly string[] = ['BEFORE', 'AFTER', 'OVERLAP']

/**
 * Labels the temporal model relates, Date aside: the chunks that can be events. One of them with no
 * temporal relation is left off the timeline, and counted.
 */
export const EVENT_LABELS: readonly string[] = [
  'Problem',
  'Symptom',
  'Procedure',
  'Test',
  'Drug',
  'Duration',
]

const DATE_LABEL = 'Date'

/** Chunks that happen together: at most one date, and the events that overlap it or each other. */
export interface TimelineMoment {
  /** The id of its first chunk in text order. */
  readonly key: string
  readonly date: Chunk | null
  /** In text order. */
  readonly events: readonly Chunk[]
}

/** One layer of the order: no moment of a step is known to come before another of the same step. */
export interface TimelineStep {
  /** 0 for the first step. */
  readonly index: number
  /** In text order. */
  readonly moments: readonly TimelineMoment[]
}

export interface PatientTimeline {
  readonly steps: readonly TimelineStep[]
  /** Chunks with an event label (`EVENT_LABELS`) and no temporal relation: not on the timeline. */
  readonly unplacedCount: number
  /**
   * BEFORE/AFTER relations not followed: between two chunks of one moment, or closing a cycle
   * (broken at the moment that comes first in the text).
   */
  readonly setAsideCount: number
}

/** A temporal relation as "earlier precedes later"; AFTER(a, b) is BEFORE(b, a). */
interface Precedence {
  readonly earlier: string
  readonly later: string
}

const byTextOrder = (a: Chunk, b: Chunk): number =>
  a.start - b.start || a.end - b.end || a.id.localeCompare(b.id)

/** Temporal relations between two distinct known chunks. */
function temporalRelations(byId: Map<string, Chunk>, relations: readonly Relation[]): Relation[] {
  return relations.filter(
    (r) =>
      TEMPORAL_TYPES.includes(r.type) && r.head !== r.tail && byId.has(r.head) && byId.has(r.tail),
  )
}

function precedences(relations: readonly Relation[]): Precedence[] {
  return relations.flatMap((r) => {
    if (r.type === 'BEFORE') return [{ earlier: r.head, later: r.tail }]
    if (r.type === 'AFTER') return [{ earlier: r.tail, later: r.head }]
    return []
  })
}

/** Union-find over chunk ids whose sets remember whether they hold a date. */
class Moments {
  private readonly parent = new Map<string, string>()
  private readonly hasDate = new Map<string, boolean>()

  constructor(chunks: readonly Chunk[]) {
    for (const chunk of chunks) {
      this.parent.set(chunk.id, chunk.id)
      this.hasDate.set(chunk.id, chunk.label === DATE_LABEL)
    }
  }

  find(id: string): string {
    let root = id
    while (this.parent.get(root) !== root) root = this.parent.get(root) ?? root
    this.parent.set(id, root)
    return root
  }

  /** Joins the sets of a and b, unless that would put two dates in one moment. */
  join(a: string, b: string): void {
    const [ra, rb] = [this.find(a), this.find(b)]
    if (ra === rb || (this.hasDate.get(ra) && this.hasDate.get(rb))) return
    this.parent.set(rb, ra)
    this.hasDate.set(ra, Boolean(this.hasDate.get(ra) || this.hasDate.get(rb)))
  }
}

/**
 * Groups chunks into moments by OVERLAP, most confident first, so that an event overlapping two
 * dates stays with the one the model was surest of. Dates are never merged with each other.
 */
function groupMoments(chunks: readonly Chunk[], relations: readonly Relation[]): TimelineMoment[] {
  const moments = new Moments(chunks)
  const overlaps = relations
    .filter((r) => r.type === 'OVERLAP')
    .sort(
      (a, b) =>
        b.confidence - a.confidence || `${a.head}>${a.tail}`.localeCompare(`${b.head}>${b.tail}`),
    )
  for (const r of overlaps) moments.join(r.head, r.tail)
  const members = new Map<string, Chunk[]>()
  for (const chunk of [...chunks].sort(byTextOrder)) {
    const root = moments.find(chunk.id)
    const group = members.get(root)
    if (group) group.push(chunk)
    else members.set(root, [chunk])
  }
  return [...members.values()].map((list) => ({
    key: list[0]?.id ?? '',
    date: list.find((c) => c.label === DATE_LABEL) ?? null,
    events: list.filter((c) => c.label !== DATE_LABEL),
  }))
}

/** Where a moment sits in the text: at its date if it has one (dates keep their text order). */
function positionOf(moment: TimelineMoment): number {
  return moment.date?.start ?? Math.min(...moment.events.map((e) => e.start))
}

const byPosition = (a: TimelineMoment, b: TimelineMoment): number =>
  positionOf(a) - positionOf(b) || a.key.localeCompare(b.key)

interface OrderGraph {
  /** Predecessor moment keys per moment key, with how many relations say so (0: date order). */
  readonly before: Map<string, Map<string, number>>
  readonly setAside: number
}

function orderGraph(
  moments: readonly TimelineMoment[],
  momentOf: Map<string, string>,
  order: readonly Precedence[],
): OrderGraph {
  const before = new Map(moments.map((m) => [m.key, new Map<string, number>()]))
  let setAside = 0
  for (const { earlier, later } of order) {
    const [from, to] = [momentOf.get(earlier) ?? '', momentOf.get(later) ?? '']
    if (from === to) setAside++
    else before.get(to)?.set(from, (before.get(to)?.get(from) ?? 0) + 1)
  }
  // Dates give relative times we do not parse: they follow one another in text order.
  const dated = moments.filter((m) => m.date).sort(byPosition)
  for (let i = 1; i < dated.length; i++) {
    const [from, to] = [dated[i - 1]?.key ?? '', dated[i]?.key ?? '']
    const preds = before.get(to)
    if (preds && !preds.has(from)) preds.set(from, 0)
  }
  return { before, setAside }
}

/**
 * Longest-path layers by Kahn's algorithm, taking ready moments in text order. When only cycles
 * are left, the remaining moment first in the text goes next and its unplaced predecessors are
 * set aside (the date order is never what breaks: an earlier date is always earlier in the text).
 */
function layer(
  moments: readonly TimelineMoment[],
  graph: OrderGraph,
): { layers: Map<string, number>; setAside: number } {
  const pending = [...moments].sort(byPosition)
  const layers = new Map<string, number>()
  let setAside = graph.setAside
  while (pending.length > 0) {
    const preds = (m: TimelineMoment): [string, number][] => [...(graph.before.get(m.key) ?? [])]
    const readyAt = pending.findIndex((m) => preds(m).every(([p]) => layers.has(p)))
    const at = readyAt >= 0 ? readyAt : 0
    const [next] = pending.splice(at, 1)
    if (!next) break
    let depth = 0
    for (const [p, count] of preds(next)) {
      const placed = layers.get(p)
      if (placed === undefined) setAside += count
      else depth = Math.max(depth, placed + 1)
    }
    layers.set(next.key, depth)
  }
  return { layers, setAside }
}

/**
 * The timeline of a note. Chunks with a temporal relation (BEFORE, AFTER, OVERLAP) form moments
 * (see `groupMoments`); moments are layered so that each comes after every moment known to precede
 * it. A note with no temporal relation gives no steps.
 */
export function buildPatientTimeline(
  chunks: readonly Chunk[],
  relations: readonly Relation[],
): PatientTimeline {
  const byId = new Map(chunks.map((c) => [c.id, c]))
  const temporal = temporalRelations(byId, relations)
  const related = new Set(temporal.flatMap((r) => [r.head, r.tail]))
  const unplacedCount = chunks.filter(
    (c) => EVENT_LABELS.includes(c.label) && !related.has(c.id),
  ).length
  const moments = groupMoments(
    chunks.filter((c) => related.has(c.id)),
    temporal,
  )
  const momentOf = new Map(
    moments.flatMap((m) => [m.date, ...m.events].flatMap((c) => (c ? [[c.id, m.key]] : []))),
  )
  const { layers, setAside } = layer(moments, orderGraph(moments, momentOf, precedences(temporal)))
  const byLayer = new Map<number, TimelineMoment[]>()
  for (const moment of [...moments].sort(byPosition)) {
    const index = layers.get(moment.key) ?? 0
    const layer = byLayer.get(index)
    if (layer) layer.push(moment)
    else byLayer.set(index, [moment])
  }
  // Longest-path layers leave no gap: a moment at layer k has a predecessor at k - 1.
  const steps = [...byLayer.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, list]) => ({ index, moments: list }))
  return { steps, unplacedCount, setAsideCount: setAside }
}
