// Layout of a knowledge graph: each connected part laid out by d3-force run to rest synchronously,
// then the parts packed in rows in text order (renderer lib, pure: the same graph gives the same layout).
import {
  forceCollide,
  forceLink,
  forceManyBody,
  forceSimulation,
  forceX,
  forceY,
  type SimulationLinkDatum,
  type SimulationNodeDatum,
} from 'd3-force'
import {
  connectedParts,
  type GraphEdge,
  type GraphNode,
  type KnowledgeGraph,
} from './knowledgeGraph'
import type { Point } from './relations'

/** A node's centre once laid out, in the layout's coordinates (origin at its top left). */
export interface PlacedNode extends GraphNode {
  readonly x: number
  readonly y: number
}

/** An edge's SVG path, from the border of the head's card to the border of the tail's. */
export interface PlacedEdge extends GraphEdge {
  readonly d: string
  /** Where the type label sits: on the path, as near its middle as room allows. */
  readonly labelAt: Point
  /**
   * False when the label would cover a card or another label wherever it sat on the path: it is
   * then left out, and the edge's hover title names the type.
   */
  readonly hasRoomForLabel: boolean
}

export interface GraphLayout {
  readonly nodes: readonly PlacedNode[]
  readonly edges: readonly PlacedEdge[]
  /** The size of the box holding every card and edge label, margin included (px). */
  readonly width: number
  readonly height: number
}

/** The width parts are packed into when the caller does not give one (px). */
export const DEFAULT_WIDTH_PX = 720
const MARGIN_PX = 12
/** Room between two packed parts (px). */
const PART_GAP_PX = 20
const EDGE_LABEL_CHAR_PX = 5.6
const EDGE_LABEL_CAPS_PX = 7
const EDGE_LABEL_PAD_PX = 3
const EDGE_LABEL_HALF_HEIGHT_PX = 6
/**
 * The simulation runs with y stretched by this factor, so that a card, wider than tall, is nearly
 * square there: circles around cards then waste little room above and below them.
 */
const Y_STRETCH = 2
/** Forces: repulsion and its reach, a link's slack beyond its two cards, pull to the centre. */
const CHARGE = -200
const CHARGE_REACH_PX = 300
const LINK_SLACK_PX = 12
const XY_PULL = 0.05
/** Node-ticks one part's simulation may take (the default 300 ticks up to 100 cards). */
const MAX_NODE_TICKS = 30_000
/** The fewest ticks a big part still gets to cool in. */
const MIN_TICKS = 40
/** Parallel edges between one pair bow apart by this much each. */
const BOW_PX = 22
/** Arrow heads stop this short of the card so they stay visible. */
const GAP_PX = 2

interface SimNode extends SimulationNodeDatum {
  readonly id: string
  readonly radius: number
}

type SimLink = SimulationLinkDatum<SimNode> & { readonly labelPx: number }

/** Half the stretched card's diagonal and a little room: cards whose circles do not overlap do not. */
function radiusOf(node: GraphNode): number {
  return Math.hypot(node.width / 2, (node.height * Y_STRETCH) / 2) + 4
}

/** A type label's width (px): capitals (BEFORE, OVERLAP) are wider than the lower-case types. */
function labelWidth(edge: GraphEdge): number {
  const type = edge.relation.type
  const perChar = type === type.toUpperCase() ? EDGE_LABEL_CAPS_PX : EDGE_LABEL_CHAR_PX
  return type.length * perChar + 2 * EDGE_LABEL_PAD_PX
}

/** A link as long as its two cards' circles, plus room for its type label between them. */
function linkLength(link: SimLink): number {
  const ends = [link.source, link.target].map((end) => (end as SimNode).radius)
  return (ends[0] ?? 0) + (ends[1] ?? 0) + LINK_SLACK_PX + link.labelPx
}

/**
 * Runs the simulation until it is at rest (alpha below alphaMin), never on a timer. d3-force
 * seeds its nodes on a fixed spiral and its jiggle from a fixed LCG, so the result is deterministic.
 */
function simulate(part: KnowledgeGraph): Map<string, Point> {
  const nodes: SimNode[] = part.nodes.map((n) => ({ id: n.chunk.id, radius: radiusOf(n) }))
  const links: SimLink[] = part.edges.map((e) => ({
    source: e.relation.head,
    target: e.relation.tail,
    labelPx: labelWidth(e),
  }))
  const simulation = forceSimulation(nodes)
    .stop()
    .force(
      'link',
      forceLink<SimNode, SimLink>(links)
        .id((n) => n.id)
        .distance(linkLength),
    )
    .force('charge', forceManyBody<SimNode>().strength(CHARGE).distanceMax(CHARGE_REACH_PX))
    .force('collide', forceCollide<SimNode>((n) => n.radius).iterations(3))
    .force('x', forceX<SimNode>(0).strength(XY_PULL))
    .force('y', forceY<SimNode>(0).strength(XY_PULL))
  // d3's default cooling takes 300 ticks. A big part cools faster, in fewer ticks, so that the
  // layout costs at most about MAX_NODE_TICKS node-ticks and the renderer does not freeze on a
  // long note (400 related chunks in one part: 1.9 s at 300 ticks).
  const restTicks = Math.ceil(
    Math.log(simulation.alphaMin()) / Math.log(1 - simulation.alphaDecay()),
  )
  const ticks = Math.min(restTicks, Math.max(MIN_TICKS, Math.ceil(MAX_NODE_TICKS / nodes.length)))
  simulation.alphaDecay(1 - simulation.alphaMin() ** (1 / ticks))
  simulation.tick(ticks)
  return new Map(nodes.map((n) => [n.id, { x: n.x ?? 0, y: (n.y ?? 0) / Y_STRETCH }]))
}

const round = (n: number): number => Math.round(n * 10) / 10

/** Where the ray from a card's centre toward a point leaves the card, plus `GAP_PX`. */
function borderPoint(node: PlacedNode, toward: Point): Point {
  const dx = toward.x - node.x
  const dy = toward.y - node.y
  const length = Math.hypot(dx, dy) || 1
  const [ux, uy] = [dx / length, dy / length]
  const reach = Math.min(
    ux === 0 ? Infinity : node.width / 2 / Math.abs(ux),
    uy === 0 ? Infinity : node.height / 2 / Math.abs(uy),
  )
  return { x: node.x + ux * (reach + GAP_PX), y: node.y + uy * (reach + GAP_PX) }
}

/** Offsets, in units of `BOW_PX`, of each edge from the straight line between its pair's centres. */
function bowOffsets(edges: readonly GraphEdge[]): Map<string, number> {
  const byPair = new Map<string, GraphEdge[]>()
  for (const edge of edges) {
    const pair = [edge.relation.head, edge.relation.tail].sort().join('|')
    const group = byPair.get(pair)
    if (group) group.push(edge)
    else byPair.set(pair, [edge])
  }
  const offsets = new Map<string, number>()
  for (const group of byPair.values()) {
    group.forEach((edge, i) => {
      // Measured against the pair in sorted order, so a → b and b → a bow to opposite sides.
      const flip = edge.relation.head < edge.relation.tail ? 1 : -1
      offsets.set(edge.key, flip * (i - (group.length - 1) / 2))
    })
  }
  return offsets
}

interface Curve {
  readonly edge: GraphEdge
  readonly from: Point
  readonly control: Point
  readonly to: Point
  /** Where the type label sits: the curve's middle, or a point nearer an end with more room. */
  readonly mid: Point
  readonly hasRoomForLabel: boolean
}

function curveOf(edge: GraphEdge, offset: number, at: Map<string, PlacedNode>): Curve {
  const a = at.get(edge.relation.head)
  const b = at.get(edge.relation.tail)
  if (!a || !b) throw new Error(`edge ${edge.key} has an end that is not a node`)
  const length = Math.hypot(b.x - a.x, b.y - a.y) || 1
  const normal = { x: -(b.y - a.y) / length, y: (b.x - a.x) / length }
  const bow = offset * BOW_PX
  const mid = { x: (a.x + b.x) / 2 + normal.x * bow, y: (a.y + b.y) / 2 + normal.y * bow }
  // The quadratic's control point lies twice as far out as the curve's middle.
  const control = { x: mid.x + normal.x * bow, y: mid.y + normal.y * bow }
  const [from, to] = [borderPoint(a, control), borderPoint(b, control)]
  return { edge, from, control, to, mid, hasRoomForLabel: true }
}

interface Box {
  readonly x: number
  readonly y: number
  readonly halfWidth: number
  readonly halfHeight: number
}

const cardBox = (n: PlacedNode): Box => ({ ...n, halfWidth: n.width / 2, halfHeight: n.height / 2 })

const labelBox = (edge: GraphEdge, at: Point): Box => ({
  ...at,
  halfWidth: labelWidth(edge) / 2,
  halfHeight: EDGE_LABEL_HALF_HEIGHT_PX,
})

const intersects = (a: Box, b: Box): boolean =>
  Math.abs(a.x - b.x) < a.halfWidth + b.halfWidth &&
  Math.abs(a.y - b.y) < a.halfHeight + b.halfHeight

/** The point at `t` (0 … 1) along a quadratic curve. */
function pointOn(curve: Curve, t: number): Point {
  const [u, v, w] = [(1 - t) * (1 - t), 2 * (1 - t) * t, t * t]
  return {
    x: u * curve.from.x + v * curve.control.x + w * curve.to.x,
    y: u * curve.from.y + v * curve.control.y + w * curve.to.y,
  }
}

/** Label spots tried along a path, the middle first. */
const LABEL_SPOTS = [0.5, 0.38, 0.62, 0.28, 0.72]

/**
 * Places labels, surest relation first, at the first spot along their path that covers no card and
 * no label already placed; a label with no such spot keeps the middle and is marked without room.
 */
function placeLabels(curves: readonly Curve[], cards: readonly Box[]): Curve[] {
  const placed: Box[] = []
  const order = [...curves.keys()].sort(
    (i, j) =>
      (curves[j]?.edge.relation.confidence ?? 0) - (curves[i]?.edge.relation.confidence ?? 0) ||
      i - j,
  )
  const result = [...curves]
  for (const i of order) {
    const curve = curves[i]
    if (!curve) continue
    const spot = LABEL_SPOTS.map((t) => labelBox(curve.edge, pointOn(curve, t))).find(
      (box) =>
        !cards.some((card) => intersects(box, card)) && !placed.some((l) => intersects(box, l)),
    )
    if (spot) placed.push(spot)
    result[i] = spot
      ? { ...curve, mid: { x: spot.x, y: spot.y } }
      : { ...curve, hasRoomForLabel: false }
  }
  return result
}

/** One connected part laid out, moved so that its cards and labels start at (0, 0). */
export interface PartLayout {
  readonly nodes: readonly PlacedNode[]
  readonly curves: readonly Curve[]
  readonly width: number
  readonly height: number
}

const moved = (p: Point, by: Point): Point => ({ x: p.x + by.x, y: p.y + by.y })

function layoutPart(part: KnowledgeGraph): PartLayout {
  const centres = simulate(part)
  const at = new Map(
    part.nodes.map((n) => [n.chunk.id, { ...n, ...(centres.get(n.chunk.id) ?? { x: 0, y: 0 }) }]),
  )
  const offsets = bowOffsets(part.edges)
  const cards = [...at.values()].map(cardBox)
  const curves = placeLabels(
    part.edges.map((e) => curveOf(e, offsets.get(e.key) ?? 0, at)),
    cards,
  )
  const boxes = [...cards, ...curves.map((c) => labelBox(c.edge, c.mid))]
  const left = Math.min(...boxes.map((b) => b.x - b.halfWidth))
  const top = Math.min(...boxes.map((b) => b.y - b.halfHeight))
  const by = { x: -left, y: -top }
  return {
    nodes: [...at.values()].map((n) => ({ ...n, ...moved(n, by) })),
    curves: curves.map((c) => ({
      ...c,
      from: moved(c.from, by),
      control: moved(c.control, by),
      to: moved(c.to, by),
      mid: moved(c.mid, by),
    })),
    width: Math.max(...boxes.map((b) => b.x + b.halfWidth)) - left,
    height: Math.max(...boxes.map((b) => b.y + b.halfHeight)) - top,
  }
}

const at = (p: Point, by: Point): Point => ({ x: round(p.x + by.x), y: round(p.y + by.y) })

function placeEdge(curve: Curve, by: Point): PlacedEdge {
  const [from, control, to] = [at(curve.from, by), at(curve.control, by), at(curve.to, by)]
  const d = `M ${from.x} ${from.y} Q ${control.x} ${control.y} ${to.x} ${to.y}`
  return { ...curve.edge, d, labelAt: at(curve.mid, by), hasRoomForLabel: curve.hasRoomForLabel }
}

/** Each connected part of the graph laid out by the simulation, in text order (the costly half). */
export function layoutParts(graph: KnowledgeGraph): readonly PartLayout[] {
  return connectedParts(graph).map(layoutPart)
}

/**
 * Packs laid-out parts left to right in text order, in rows no wider than `widthPx` (a part wider
 * than that gets a row of its own): cheap, so a resize packs again without laying out again.
 */
export function packParts(
  parts: readonly PartLayout[],
  widthPx: number = DEFAULT_WIDTH_PX,
): GraphLayout {
  const nodes: PlacedNode[] = []
  const edges: PlacedEdge[] = []
  let [x, y, rowHeight, width] = [MARGIN_PX, MARGIN_PX, 0, 0]
  for (const block of parts) {
    if (x > MARGIN_PX && x + block.width + MARGIN_PX > widthPx) {
      ;[x, y, rowHeight] = [MARGIN_PX, y + rowHeight + PART_GAP_PX, 0]
    }
    const by = { x, y }
    nodes.push(...block.nodes.map((n) => ({ ...n, ...at(n, by) })))
    edges.push(...block.curves.map((c) => placeEdge(c, by)))
    width = Math.max(width, x + block.width + MARGIN_PX)
    rowHeight = Math.max(rowHeight, block.height)
    x += block.width + PART_GAP_PX
  }
  if (nodes.length === 0) return { nodes, edges, width: 0, height: 0 }
  return { nodes, edges, width: Math.ceil(width), height: Math.ceil(y + rowHeight + MARGIN_PX) }
}

/** Lays the graph out: layoutParts, then packParts at `widthPx`. */
export function layoutKnowledgeGraph(
  graph: KnowledgeGraph,
  widthPx: number = DEFAULT_WIDTH_PX,
): GraphLayout {
  return packParts(layoutParts(graph), widthPx)
}
