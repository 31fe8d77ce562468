// Full-text search over the index: normalized query → FTS5 matches (AND, then relaxed) → re-rank (terminology layer).
import type { CodeCandidate, CodeGuidance, MatchKind } from '../../shared/domain'
import { CoderError } from '../../shared/errors'
import { hasVectorSearch, type IndexDb } from './indexDb'
import {
  inverseFrequency,
  normalizeQuery,
  specificStems,
  stem,
  vectorWords,
  type QueryTerm,
} from './normalize'
import { rankHits, termMatches, type Hit, type WeightedTerm } from './rank'
import type { Statement } from 'better-sqlite3'
import { SQL, ftsSql, vectorSql, type CodeRow, type SystemRange } from './statements'
import { LruCache } from './lruCache'
import { nearestCells, type VectorCells } from './vectorCells'
import { embedWords, toInt8, type WordVectors } from './wordVectors'
import { canonicalSystem, releaseFormatSystem, systemKey } from './systems'

export interface SearchOptions {
  /** A system name or alias (ICD-10-CM, icd10pcs, …); all systems when absent (and no `systems`). */
  readonly system?: string
  /** Several systems, searched together and merged by score (the resolver's chunk systems). */
  readonly systems?: readonly string[]
  /** 1..100, default 10. */
  readonly limit?: number
  /**
   * Where candidates come from: `fused` (default) full-text and vector lists merged by reciprocal
   * rank fusion, then re-ranked; `fts` the full-text list alone, re-ranked; `vector` the vector
   * list alone, by similarity. Without word vectors or sqlite-vec, `fused` is `fts`.
   */
  readonly retrieval?: Retrieval
}

export type Retrieval = 'fused' | 'fts' | 'vector'

export interface Searcher {
  search(text: string, options?: SearchOptions): CodeCandidate[]
  /** The index's name of a system given by name or alias; throws E_SYSTEM_UNKNOWN for one it cannot know. */
  systemName(name: string): string
  /** Forgets cached frequencies and system ranges (after an import). */
  reset(): void
}

export const DEFAULT_LIMIT = 10
const MAX_LIMIT = 100
// How many matches each FTS5 pass reads for re-ranking, at least.
const MIN_POOL = 40
const MIN_PREFIX_LENGTH = 3
// A word the index lacks is matched through at most this many indexed words it is a prefix of.
const MAX_COMPLETIONS = 8
// Relaxed passes drop one term each, the most frequent first; a few are enough for chunk texts.
const MAX_DROP_ONE_PASSES = 4
// Rows are immutable between imports and recur across chunks: keep the most recent ones parsed.
const HIT_CACHE_ENTRIES = 20_000
// Words in more than this share of a system's titles ("left", "right", "fracture") are checked on
// the rows the other words found: an FTS5 AND walks their whole doclists (~0.3 ms each).
const FREQUENT_SHARE = 0.04
// The other words may fetch up to this many times the pool for that check, and only when that
// is all of their matches, so the check loses nothing.
const FREQUENT_WIDEN = 4
// CM: a letter, then a digit in the 2nd or 3rd place (A00, QA0); PCS: a digit first.
const CODE_QUERY =
  /^(?:[A-Z](?:[0-9][0-9A-Z]|[A-Z][0-9])(?:\.?[0-9A-Z]{1,4})?|[0-9][0-9A-HJ-NP-Z]{2,6})$/

/** True when the text is a code or the start of one (M25.56, M2556, 0DTJ4ZZ), which search looks up. */
export function isCodeQuery(text: string): boolean {
  return CODE_QUERY.test(text.trim().toUpperCase())
}

// Vector candidates per system and query, and the cells of the vector index a query scans.
const NEAR_POOL = 20
const PROBED_CELLS = 3

/** Prepares the search statements once for a connection; `vectors` embed queries for the vector index. */
export function createSearcher(db: IndexDb, vectors: WordVectors | null = null): Searcher {
  const statements = {
    codesByIds: db.prepare<[{ ids: string }], MatchRow>(SQL.codesByIds),
    byCodePrefix: db.prepare<[string, string, string, number], CodeRow>(SQL.byCodePrefix),
    termDocs: db.prepare<[string, string], { docs: number }>(SQL.termDocs),
    completions: db.prepare<[string, string, string, number], { term: string; docs: number }>(
      SQL.completions,
    ),
    systemRanges: db.prepare<[], SystemRange>(SQL.systemRanges),
  }
  const forms = new Map<string, { forms: string[]; documents: number }>()
  const docCounts = new Map<string, number>()
  const hitCache = new LruCache<number, Hit>(HIT_CACHE_ENTRIES)
  const matchIds = new Map<string, Statement<[string, number], number>>()
  const matchIdsOf = (system: string): Statement<[string, number], number> => {
    let statement = matchIds.get(system)
    if (statement === undefined) {
      statement = db.prepare<[string, number], number>(ftsSql(system).matchIds).pluck()
      matchIds.set(system, statement)
    }
    return statement
  }
  let ranges: SystemRange[] | null = null
  const vectorTables = new Map<string, VectorTable | null>()
  const canEmbed = vectors !== null && hasVectorSearch(db)

  // A system's vector table and cells, or null when it has none (no vectors when it was imported).
  const vectorTableOf = (system: string): VectorTable | null => {
    if (!vectorTables.has(system)) vectorTables.set(system, openVectorTable(db, system))
    return vectorTables.get(system) ?? null
  }

  // How many titles and index terms of a system have a stem; asked for every query word, kept.
  const documentsOf = (system: string, word: string): number => {
    const key = `${system}|${word}`
    let documents = docCounts.get(key)
    if (documents === undefined) {
      documents = statements.termDocs.get(system, word)?.docs ?? 0
      docCounts.set(key, documents)
    }
    return documents
  }

  // Ids of the codes whose title embeddings are nearest the query's, nearest first.
  const nearestIds = (range: SystemRange, text: string): number[] => {
    const table = canEmbed && vectors !== null ? vectorTableOf(range.system) : null
    if (table === null || vectors === null) return []
    const weightOf = (word: string): number => {
      const documents = documentsOf(range.system, stem(word))
      return inverseFrequency(range.rows, Math.min(documents, range.rows))
    }
    const embedding = embedWords(vectors, vectorWords(text, 'query'), weightOf)
    if (embedding === null || embedding.length !== table.cells.dim) return []
    const query = toInt8(embedding)
    const cells = JSON.stringify(nearestCells(table.cells, embedding, PROBED_CELLS))
    return table.nearest
      .all(query, NEAR_POOL, cells)
      .sort((a, b) => a.distance - b.distance)
      .slice(0, NEAR_POOL)
      .map((row) => row.id)
  }

  const allRanges = (): SystemRange[] => (ranges ??= statements.systemRanges.all())

  // Built-in names and aliases are known even before their release is imported (no ranges then);
  // a custom or release-format system is known once imported, by any spelling with the same
  // letters and digits, or (HPO, SNOMED CT, RxNorm, LOINC) by an alias such as `snomed`.
  const systemName = (name: string): string => {
    const known = canonicalSystem(name)
    if (known !== null) return known
    const alias = releaseFormatSystem(name)
    const custom = allRanges().find(
      (range) => systemKey(range.system) === systemKey(name) || range.system === alias,
    )
    if (custom === undefined) throw new CoderError('E_SYSTEM_UNKNOWN', { system: name })
    return custom.system
  }

  const rangesFor = (options: SearchOptions): SystemRange[] => {
    const asked = options.systems ?? (options.system === undefined ? [] : [options.system])
    if (asked.length === 0) return allRanges()
    const names = new Set(asked.map(systemName))
    return allRanges().filter((range) => names.has(range.system))
  }

  // The stem itself when indexed; else the most frequent indexed words it starts ("append" →
  // appendix, appendicitis…), as an OR group: FTS5's own prefix query merges whole doclists.
  const formsOf = (system: string, stem: string): { forms: string[]; documents: number } => {
    const key = `${system}|${stem}`
    let found = forms.get(key)
    if (found === undefined) {
      const documents = documentsOf(system, stem)
      if (documents > 0 || stem.length < MIN_PREFIX_LENGTH) {
        found = { forms: documents > 0 ? [stem] : [], documents }
      } else {
        const completions = statements.completions.all(system, stem, stem, MAX_COMPLETIONS)
        const total = completions.reduce((sum, completion) => sum + completion.docs, 0)
        found = { forms: completions.map((completion) => completion.term), documents: total }
      }
      forms.set(key, found)
    }
    return found
  }

  // Terms this system's titles cannot match are left out: they could only empty the AND.
  const weigh = (range: SystemRange, terms: readonly QueryTerm[]): WeightedTerm[] =>
    terms.flatMap((term) => {
      const found = formsOf(range.system, term.stem)
      if (found.forms.length === 0) return []
      const weight = inverseFrequency(range.rows, Math.min(found.documents, range.rows))
      return [{ ...term, ...found, weight }]
    })

  // The full-text candidates of one system: ids from the AND pass, then relaxed passes.
  const fullTextOf = (
    range: SystemRange,
    queryTerms: readonly QueryTerm[],
    limit: number,
  ): FullText => {
    const terms = weigh(range, queryTerms)
    const pool = Math.max(MIN_POOL, limit * 4)
    const enough = limit * 2
    const ids = new Set<number>()
    let fullMatches = 0
    relaxedPasses(terms).forEach((pass, index) => {
      // Relaxed passes only top up what the full query left short.
      if (index > 0 && ids.size >= enough) return
      const found = matchPass(range, pass, pool)
      if (index === 0) fullMatches = found.length
      for (const id of found) ids.add(id)
    })
    // Titles with every query word: the system must know them all for its AND pass to mean that.
    const required = (list: readonly QueryTerm[]) => list.filter((term) => !term.optional).length
    const covering = required(terms) === required(queryTerms) ? fullMatches : 0
    return { range, terms, ids, covering }
  }

  // Full text in every system, then (when that leaves room, see needsVectors) vector candidates.
  const searchRanges = (
    ranges: readonly SystemRange[],
    text: string,
    queryTerms: readonly QueryTerm[],
    limit: number,
    retrieval: Retrieval,
  ): CodeCandidate[] => {
    if (retrieval === 'vector') {
      return ranges.flatMap((range) => nearOnly(hitsFor(nearestIds(range, text)), limit))
    }
    const found = ranges.map((range) => fullTextOf(range, queryTerms, limit))
    const withVectors = retrieval === 'fused' && needsVectors(found, limit)
    return found.flatMap(({ range, terms, ids }) => {
      const near = withVectors ? nearestIds(range, text) : []
      near.forEach((id) => ids.add(id))
      const nearRanks = new Map(near.map((id, rank) => [id, rank]))
      return rankHits(hitsFor([...ids]), terms, limit, range.averageTerms, nearRanks)
    })
  }

  // Ids of the codes having every term of the pass, most general first, at most `pool`. When the
  // rarer words alone match few enough codes to read them all, the frequent ones are checked on
  // those rows instead of in the FTS5 query; otherwise FTS5 intersects everything.
  const matchPass = (range: SystemRange, pass: readonly WeightedTerm[], pool: number): number[] => {
    const statement = matchIdsOf(range.system)
    const cap = range.rows * FREQUENT_SHARE
    const rare = pass.filter((term) => term.documents <= cap)
    const frequent = pass.filter((term) => term.documents > cap)
    const readAll = pool * FREQUENT_WIDEN
    const fewest = Math.min(...rare.map((term) => term.documents))
    if (frequent.length === 0 || rare.length === 0 || fewest > readAll) {
      return statement.all(allOf(pass), pool)
    }
    return hitsFor(statement.all(allOf(rare), readAll))
      .filter((hit) => frequent.every((term) => termMatches(term, hit.stemSet)))
      .slice(0, pool)
      .map((hit) => hit.id)
  }

  // The rows of the ids, in their order (ids the index lacks are left out): from the cache, the
  // missing ones read in one statement.
  const hitsFor = (ids: readonly number[]): Hit[] => {
    const hits = ids.map((id) => hitCache.get(id))
    const missing = ids.filter((_, index) => hits[index] === undefined)
    if (missing.length === 0) return hits as Hit[]
    const read = new Map<number, Hit>()
    for (const row of statements.codesByIds.all({ ids: JSON.stringify(missing) })) {
      const hit = toHit(row)
      read.set(row.id, hit)
      hitCache.set(row.id, hit)
    }
    return ids.flatMap((id, index) => hits[index] ?? read.get(id) ?? [])
  }

  const lookUpCode = (text: string, systems: readonly SystemRange[], limit: number) => {
    if (!isCodeQuery(text)) return []
    const typed = text.trim().toUpperCase()
    // Coders type CM codes with or without the dot; the index writes it (and only CM has dots).
    const dotted = /^[A-Z]\w{3,}$/.test(typed) ? `${typed.slice(0, 3)}.${typed.slice(3)}` : typed
    return systems
      .flatMap((range) => {
        const asWritten = range.system === 'ICD-10-CM' ? dotted : typed
        return statements.byCodePrefix.all(range.system, asWritten, asWritten, limit)
      })
      .slice(0, limit)
      .map((row) => ({
        ...toCandidate(row),
        score: row.code === dotted || row.code === typed ? 1 : 0.9,
        matched: [typed],
      }))
  }

  return {
    search(text, options = {}) {
      const limit = clampLimit(options.limit)
      const systems = rangesFor(options)
      const byCode = lookUpCode(text, systems, limit)
      if (byCode.length > 0) return byCode
      const terms = normalizeQuery(text)
      if (!terms.some((term) => !term.optional)) return []
      const retrieval = options.retrieval ?? 'fused'
      return searchRanges(systems, text, terms, limit, retrieval)
        .sort((a, b) => b.score - a.score)
        .slice(0, limit)
    },
    systemName,
    reset() {
      forms.clear()
      docCounts.clear()
      hitCache.clear()
      vectorTables.clear()
      ranges = null
    },
  }
}

interface VectorTable {
  readonly cells: VectorCells
  readonly nearest: Statement<[Int8Array, number, string], { id: number; distance: number }>
}

function openVectorTable(db: IndexDb, system: string): VectorTable | null {
  const sql = vectorSql(system)
  const rows = db.prepare<[string], { cell: number; centroid: Buffer }>(sql.cells).all(system)
  if (rows.length === 0) return null
  const centroids = rows.map(
    ({ centroid }) =>
      new Float32Array(
        centroid.buffer.slice(centroid.byteOffset, centroid.byteOffset + centroid.byteLength),
      ),
  )
  try {
    const nearest = db.prepare<[Int8Array, number, string], { id: number; distance: number }>(
      sql.nearest,
    )
    return { cells: { dim: centroids[0]?.length ?? 0, centroids }, nearest }
  } catch {
    // Cells without their table (an index written while sqlite-vec was missing): none to search.
    return null
  }
}

/** One system's full-text candidates, before ranking. */
export interface FullText {
  readonly range: SystemRange
  readonly terms: readonly WeightedTerm[]
  readonly ids: Set<number>
  /** How many of the ids have every required word of the query (0 when the system lacks one). */
  readonly covering: number
}

/**
 * True when the full-text candidates of the systems searched leave room for vector ones: no title
 * in any of them has every word of the query, or all of them together give fewer than `limit`
 * candidates. Vectors find codes by meaning when words fail; when some title has every word, the
 * vector list mostly reorders codes the full-text list ranks well already (measured with
 * bench/indexTermRetrieval.ts and PGR), at the cost of a vector scan per system searched.
 */
export function needsVectors(
  found: readonly Pick<FullText, 'ids' | 'covering'>[],
  limit: number,
): boolean {
  const candidates = found.reduce((sum, system) => sum + system.ids.size, 0)
  return candidates < limit || found.every((system) => system.covering === 0)
}

// The vector list alone, nearest first (the `vector` retrieval, for measuring what it adds).
function nearOnly(hits: readonly Hit[], limit: number): CodeCandidate[] {
  const seen = new Set<string>()
  return hits
    .filter((hit) => {
      const key = `${hit.system}|${hit.code}`
      if (seen.has(key)) return false
      seen.add(key)
      return true
    })
    .slice(0, limit)
    .map((hit, rank) => ({
      system: hit.system,
      code: hit.code,
      description: hit.description,
      billable: hit.billable,
      score: Math.round((1 - rank / (hits.length + 1)) * 10_000) / 10_000,
      parents: hit.ancestors,
      matched: [],
      via: [{ kind: 'vector', text: hit.description }],
      ...(hit.guidance === undefined ? {} : { guidance: hit.guidance }),
    }))
}

/**
 * The FTS5 passes of a query: every required term, then (when those are too few) the same minus
 * one term, the most frequent dropped first, then the rarest term alone.
 */
export function relaxedPasses(terms: readonly WeightedTerm[]): WeightedTerm[][] {
  const required = terms.filter((term) => !term.optional).sort((a, b) => a.documents - b.documents)
  if (required.length === 0) return []
  const passes = [required]
  if (required.length === 1) return passes
  for (let drop = required.length - 1; drop >= 0; drop--) {
    if (passes.length > MAX_DROP_ONE_PASSES) break
    passes.push(required.filter((_, index) => index !== drop))
  }
  if (required.length > 2) passes.push(required.slice(0, 1))
  return passes
}

/** An FTS5 expression requiring every term; stems hold only [a-z0-9], so quoting them is safe. */
export function allOf(terms: readonly WeightedTerm[]): string {
  return terms
    .map((term) => {
      const quoted = term.forms.map((form) => `"${form}"`)
      return quoted.length === 1 ? quoted[0] : `(${quoted.join(' OR ')})`
    })
    .join(' AND ')
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT
  return Math.max(1, Math.min(MAX_LIMIT, Math.floor(limit)))
}

/** A row a match returns: a code's title, or an index term (viaKind, viaText) leading to the code. */
interface MatchRow extends CodeRow {
  readonly id: number
  readonly viaKind: Exclude<MatchKind, 'description' | 'vector'> | null
  readonly viaText: string | null
}

function toHit(row: MatchRow): Hit {
  const stems = splitWords(row.terms)
  const isIndexTerm = row.viaKind !== null && row.viaText !== null
  const guidance = parseGuidance(row.guidance)
  return {
    id: row.id,
    system: row.system,
    code: row.code,
    billable: row.billable === 1,
    description: row.description,
    ancestors: splitWords(row.ancestors),
    stems,
    stemSet: new Set(stems),
    specific: specificStems(isIndexTerm ? (row.viaText ?? '') : row.description),
    via: isIndexTerm
      ? { kind: row.viaKind ?? 'index', text: row.viaText ?? '' }
      : { kind: 'description', text: row.description },
    ...(guidance === undefined ? {} : { guidance }),
  }
}

function parseGuidance(json: string | null): CodeGuidance | undefined {
  return json === null ? undefined : (JSON.parse(json) as CodeGuidance)
}

function toCandidate(row: CodeRow): CodeCandidate {
  const { system, code, description } = row
  return {
    system,
    code,
    description,
    billable: row.billable === 1,
    score: 0,
    parents: splitWords(row.ancestors),
    matched: [],
    ...(row.guidance === null ? {} : { guidance: parseGuidance(row.guidance) }),
  }
}

function splitWords(words: string): string[] {
  return words === '' ? [] : words.split(' ')
}
