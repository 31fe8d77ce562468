// Codes per chunk: orders a note's suggestions under the chunks they code, in reading order (renderer lib, pure).
import type { Chunk, EnrichedChunk, SuggestionBasis } from '../../../shared/domain'
import type { ReviewSuggestion } from '../../../shared/ipc'
import { isPatientCondition } from './assertion'

/** A chunk's suggestions of one basis, and the text they were matched on. */
export interface BasisCodes {
  readonly basis: SuggestionBasis
  /** What the terminology was searched with: the chunk, or its enriched text ("left knee pain"). */
  readonly chunkText: string
  /** Best first: score descending, then rank, system and code, so equal scores keep a stable order. */
  readonly suggestions: readonly ReviewSuggestion[]
}

export interface ChunkCodes {
  readonly chunk: Chunk
  /** Enriched first when present (the more specific code), then base; empty bases left out. */
  readonly byBasis: readonly BasisCodes[]
  /** Every suggestion in panel order: the enriched ones best first, then the base ones. */
  readonly suggestions: readonly ReviewSuggestion[]
  /** False for absent, hypothetical and family chunks: their codes are shown greyed, not proposed. */
  readonly isProposed: boolean
}

function compareSuggestions(a: ReviewSuggestion, b: ReviewSuggestion): number {
  return (
    b.score - a.score ||
    a.rank - b.rank ||
    a.system.localeCompare(b.system) ||
    a.code.localeCompare(b.code) ||
    a.id - b.id
  )
}

/** Groups suggestions by chunk, chunks in text order; chunks without suggestions are left out. */
export function groupByChunk(
  chunks: readonly Chunk[],
  suggestions: readonly ReviewSuggestion[],
): ChunkCodes[] {
  const byChunk = new Map<string, ReviewSuggestion[]>()
  for (const suggestion of suggestions) {
    const list = byChunk.get(suggestion.chunk) ?? []
    list.push(suggestion)
    byChunk.set(suggestion.chunk, list)
  }
  return [...chunks]
    .sort((a, b) => a.start - b.start || b.end - a.end || a.id.localeCompare(b.id))
    .filter((chunk) => byChunk.has(chunk.id))
    .map((chunk) => {
      const byBasis = groupByBasis(byChunk.get(chunk.id) ?? [])
      const suggestions = byBasis.flatMap((b) => b.suggestions)
      return { chunk, byBasis, suggestions, isProposed: isPatientCondition(chunk.assertion) }
    })
}

const BASIS_ORDER: readonly SuggestionBasis[] = ['enriched', 'base']

/** Splits one chunk's suggestions by basis, enriched first, each best first. */
export function groupByBasis(suggestions: readonly ReviewSuggestion[]): BasisCodes[] {
  return BASIS_ORDER.map((basis) => {
    const own = suggestions.filter((s) => s.basis === basis).sort(compareSuggestions)
    return { basis, chunkText: own[0]?.chunkText ?? '', suggestions: own }
  }).filter((group) => group.suggestions.length > 0)
}

/**
 * The suggestions in the order the panel lists them, proposed ones only: the j/k keyboard order.
 * The panel shows the first `limit` of each basis.
 */
export function navigationOrder(groups: readonly ChunkCodes[], limit: number): ReviewSuggestion[] {
  return groups
    .filter((g) => g.isProposed)
    .flatMap((g) => g.byBasis.flatMap((b) => b.suggestions.slice(0, limit)))
}

/** A chunk's enrichment as the panel shows it: the enriched text and its modifier chunks in text order. */
export interface EnrichedView {
  readonly text: string
  readonly modifiers: readonly Chunk[]
}

/** The enrichment of `chunkId`, with modifier ids resolved to chunks (unknown ids dropped); null if none. */
export function enrichedView(
  chunkId: string,
  enriched: readonly EnrichedChunk[],
  chunkById: ReadonlyMap<string, Chunk>,
): EnrichedView | null {
  const item = enriched.find((e) => e.chunk === chunkId)
  if (!item) return null
  const modifiers = item.modifiers
    .map((id) => chunkById.get(id))
    .filter((c): c is Chunk => c !== undefined)
    .sort((a, b) => a.start - b.start)
  return { text: item.text, modifiers }
}
