// The pipeline's entry into terminology: search with the same ranking, plus a small LRU cache (terminology layer).
import type { CodeCandidate } from '../../shared/domain'
import { rawTokens } from './normalize'
import { LruCache } from './lruCache'
import { isCodeQuery, type Retrieval, type Searcher } from './search'

export interface ResolveOptions {
  /** System names or aliases; the candidates of all of them are merged by score. */
  readonly systems: readonly string[]
  readonly limit: number
  /** See SearchOptions.retrieval. */
  readonly retrieval?: Retrieval
}

export interface Resolver {
  resolve(chunkText: string, options: ResolveOptions): CodeCandidate[]
  /** Empties the cache (after an import changed the index). */
  clear(): void
}

const DEFAULT_CACHE_ENTRIES = 2048

/** A resolver over a searcher; chunks with the same words ("Left knee pain", "left knee pain.") share an entry. */
export function createResolver(searcher: Searcher, cacheEntries = DEFAULT_CACHE_ENTRIES): Resolver {
  const cache = new LruCache<string, CodeCandidate[]>(cacheEntries)
  return {
    resolve(chunkText, options) {
      const systems = [...new Set(options.systems.map((name) => searcher.systemName(name)))].sort()
      const retrieval = options.retrieval ?? 'fused'
      const key = `${systems.join(',')}|${options.limit}|${retrieval}|${cacheKeyOf(chunkText)}`
      const cached = cache.get(key)
      if (cached !== undefined) return [...cached]
      if (systems.length === 0) return []
      // One search over all the systems: whether vectors are needed is judged on all of them.
      const merged = searcher.search(chunkText, { systems, limit: options.limit, retrieval })
      cache.set(key, merged)
      return [...merged]
    },
    clear() {
      cache.clear()
    },
  }
}

// Texts whose words are the same share an entry: the search reads nothing else of a text (its
// stems for full text, the unstemmed words for vectors). Keying on stems alone let "rib
// fractures" answer for "rib fracture" with its vector list, so a note's codes depended on
// which note a thread had coded first. A typed code is looked up as written, so it keys as written.
function cacheKeyOf(text: string): string {
  if (isCodeQuery(text)) return `code:${text.trim().toUpperCase()}`
  return rawTokens(text).join(' ')
}
