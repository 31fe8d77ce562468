// Highlight segments: cuts a note's text at chunk and cue offsets so the view can colour it (renderer lib, pure).
// Offsets are UTF-16 code units, end excluded (shared/text.ts); nothing here touches the DOM.

/** What the highlighter needs of a chunk: its span, identity and assertion cue. */
export interface HighlightChunk {
  readonly id: string
  readonly start: number
  readonly end: number
  readonly assertionCue?: { readonly start: number; readonly end: number } | null
}

/** A run of text covered by the same chunks and cues; consecutive segments tile [0, length). */
export interface Segment {
  readonly start: number
  readonly end: number
  /** Ids of every chunk covering this run, outermost first (longest span, then earliest, then id). */
  readonly chunkIds: readonly string[]
  /** The innermost covering chunk, which owns the colour and the click; null for plain text. */
  readonly chunkId: string | null
  /** True when the run lies inside the assertion cue of any chunk (e.g. "denies"). */
  readonly isCue: boolean
}

interface Range {
  readonly start: number
  readonly end: number
}

function isUsable(range: Range, length: number): boolean {
  return (
    Number.isInteger(range.start) &&
    Number.isInteger(range.end) &&
    range.start >= 0 &&
    range.start < range.end &&
    range.end <= length
  )
}

/** Outermost first: longer spans enclose shorter ones; ties break on start, then id, so order is stable. */
function compareOuterFirst(a: HighlightChunk, b: HighlightChunk): number {
  const byLength = b.end - b.start - (a.end - a.start)
  if (byLength !== 0) return byLength
  if (a.start !== b.start) return a.start - b.start
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/**
 * Splits a text of `length` code units into segments at every chunk and cue boundary.
 * Chunks with empty, inverted or out-of-range spans are ignored, never clamped, so a bad offset
 * cannot colour the wrong words. Nested and overlapping chunks are both kept in `chunkIds`;
 * the result depends only on the input set, not its order.
 */
export function toSegments(length: number, chunks: readonly HighlightChunk[]): Segment[] {
  const usable = chunks.filter((chunk) => isUsable(chunk, length)).sort(compareOuterFirst)
  const cues = usable
    .map((chunk) => chunk.assertionCue)
    .filter((cue): cue is Range => cue != null && isUsable(cue, length))
  const cuts = new Set<number>([0, length])
  for (const range of [...usable, ...cues]) {
    cuts.add(range.start)
    cuts.add(range.end)
  }
  const points = [...cuts].sort((a, b) => a - b)
  const segments: Segment[] = []
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i] as number
    const end = points[i + 1] as number
    const chunkIds = usable.filter((c) => c.start <= start && end <= c.end).map((c) => c.id)
    const isCue = cues.some((cue) => cue.start <= start && end <= cue.end)
    segments.push({ start, end, chunkIds, chunkId: chunkIds.at(-1) ?? null, isCue })
  }
  return mergeAdjacent(segments)
}

/** Joins neighbours with identical coverage, so the view renders as few elements as possible. */
function mergeAdjacent(segments: readonly Segment[]): Segment[] {
  const merged: Segment[] = []
  for (const segment of segments) {
    const last = merged.at(-1)
    if (last && last.isCue === segment.isCue && sameIds(last.chunkIds, segment.chunkIds)) {
      merged[merged.length - 1] = { ...last, end: segment.end }
    } else {
      merged.push(segment)
    }
  }
  return merged
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i])
}
