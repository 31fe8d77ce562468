// Codes per chunk: orders a note's suggestions under the chunks they code, in reading order (renderer lib, pure).
import type { Chunk } from '../../../shared/domain'
import type { ReviewSuggestion } from '../../../shared/ipc'
import { isPatientCondition } from './assertion'

export interface ChunkCodes {
  readonly chunk: Chunk
  /** Best first: score descending, then rank, system and code, so equal scores keep a stable order. */
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
      const own = (byChunk.get(chunk.id) ?? []).sort(compareSuggestions)
      return { chunk, suggestions: own, isProposed: isPatientCondition(chunk.assertion) }
    })
}

/** The suggestions in the order the panel lists them, proposed ones only: the j/k keyboard order. */
export function navigationOrder(groups: readonly ChunkCodes[], limit: number): ReviewSuggestion[] {
  return groups.filter((g) => g.isProposed).flatMap((g) => g.suggestions.slice(0, limit))
}
