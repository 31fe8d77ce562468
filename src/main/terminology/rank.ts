// Re-ranking of full-text hits: coverage of the query, precision of the title, billable first (terminology layer).
// Pure functions of the hits and the query, so the ranking rules are tested without a database.
import type { CandidateMatch, CodeCandidate, CodeGuidance } from '../../shared/domain'
import type { QueryTerm } from './normalize'

/** A query term as one system's index sees it: the indexed stems that satisfy it, and their weight. */
export interface WeightedTerm extends QueryTerm {
  /** Indexed stems any of which satisfies the term: its own stem, or the words it is a prefix of. */
  readonly forms: readonly string[]
  /** Titles having one of the forms (document frequency). */
  readonly documents: number
  /** Inverse document frequency. */
  readonly weight: number
}

/** A code the full-text index returned, through its own title or through an index term. */
export interface Hit {
  /** Its row id in the index. */
  readonly id: number
  readonly system: string
  readonly code: string
  readonly billable: boolean
  readonly description: string
  /** Written codes, nearest first. */
  readonly ancestors: readonly string[]
  /** The title's stems (normalize.titleStems), as the index stores them. */
  readonly stems: readonly string[]
  /** The same stems as a set, without repeats. */
  readonly stemSet: ReadonlySet<string>
  /** The stems that make the matched text specific (normalize.specificStems): precision's denominator. */
  readonly specific: readonly string[]
  /** The text that matched: the title itself, or the index term leading to the code. */
  readonly via?: CandidateMatch
  readonly guidance?: CodeGuidance
}

export interface Scored {
  readonly hit: Hit
  readonly coverage: number
  readonly score: number
  readonly matched: readonly string[]
  /** True when the vector index returned the hit (its title's embedding is near the query's). */
  readonly isNear?: boolean
}

// The score's parts; they sum to 1 so a score stays in [0, 1].
const WEIGHT = { coverage: 0.55, precision: 0.25, bm25: 0.1, billable: 0.1 } as const
// BM25's usual constants; every title word occurs about once, so term frequency is taken as 1.
const BM25_K1 = 1.2
const BM25_B = 0.75
const OPTIONAL_TERM_WEIGHT = 0.15

/** True when a title's stems contain one of the term's forms. */
export function termMatches(term: WeightedTerm, stems: ReadonlySet<string>): boolean {
  // A plain loop: ranking asks this for every term of every hit.
  for (const form of term.forms) if (stems.has(form)) return true
  return false
}

// Reciprocal rank fusion's usual constant (Cormack et al. 2009): ranks far down a list still count.
const RRF_K = 60

/**
 * Ranks hits best first and keeps `limit`; see scoreHit and keepCategoriesBelowChildren.
 * `averageTerms` is the mean title length (in stems) of the hits' system, for BM25. `nearRanks`
 * (hit id → 0-based rank in the vector index's list) fuses that list with the full-text one by
 * reciprocal rank fusion, in the place of BM25 relative to the best hit.
 */
export function rankHits(
  hits: readonly Hit[],
  terms: readonly WeightedTerm[],
  limit: number,
  averageTerms: number,
  nearRanks: ReadonlyMap<number, number> = new Map(),
): CodeCandidate[] {
  const bm25s = hits.map((hit) => bm25(hit, terms, averageTerms))
  const relevance = nearRanks.size === 0 ? bm25s : fusedRanks(hits, bm25s, nearRanks)
  const best = Math.max(0, ...relevance)
  const scored = hits.map((hit, index) => {
    const entry = scoreHit(hit, terms, best > 0 ? (relevance[index] ?? 0) / best : 0)
    return nearRanks.has(hit.id) ? { ...entry, isNear: true } : entry
  })
  const ranked = keepCategoriesBelowChildren(scored).sort(compareScored)
  return mergeByCode(ranked).slice(0, limit)
}

/**
 * Reciprocal rank fusion of the full-text list (hits with a BM25 above 0, best first) and the
 * vector list: Σ 1 / (RRF_K + rank), ranks from 1, tied BM25s ranked alike. Per hit, in the
 * order of `hits`.
 */
export function fusedRanks(
  hits: readonly Hit[],
  bm25s: readonly number[],
  nearRanks: ReadonlyMap<number, number>,
): number[] {
  const lexical = hits
    .map((hit, index) => ({ id: hit.id, bm25: bm25s[index] ?? 0 }))
    .filter((entry) => entry.bm25 > 0)
    .sort((a, b) => b.bm25 - a.bm25)
  // Equal BM25s share a rank (the first of theirs): list order must not break a tie.
  const lexicalRanks = new Map<number, number>()
  lexical.forEach((entry, rank) => {
    const previous = lexical[rank - 1]
    const shared = previous !== undefined && previous.bm25 === entry.bm25
    lexicalRanks.set(entry.id, shared ? (lexicalRanks.get(previous.id) ?? rank) : rank)
  })
  return hits.map((hit) => {
    const lexicalRank = lexicalRanks.get(hit.id)
    const nearRank = nearRanks.get(hit.id)
    return (
      (lexicalRank === undefined ? 0 : 1 / (RRF_K + lexicalRank + 1)) +
      (nearRank === undefined ? 0 : 1 / (RRF_K + nearRank + 1))
    )
  })
}

// How many matched texts a candidate lists at most.
const MAX_VIA = 3

/**
 * One candidate per code: its best-scored hit, with the query terms of all its hits and the texts
 * (title, index terms) that matched, best first. `ranked` is sorted best first.
 */
export function mergeByCode(ranked: readonly Scored[]): CodeCandidate[] {
  const byCode = new Map<
    string,
    { candidate: CodeCandidate; matched: Set<string>; via: CandidateMatch[] }
  >()
  for (const entry of ranked) {
    const key = `${entry.hit.system}|${entry.hit.code}`
    const found = byCode.get(key)
    // A title the vector index returned matched as "vector"; the full-text matches come first.
    const vias = [
      ...(entry.hit.via === undefined || entry.matched.length === 0 ? [] : [entry.hit.via]),
      ...(entry.isNear === true ? [{ kind: 'vector' as const, text: entry.hit.description }] : []),
    ]
    if (found === undefined) {
      byCode.set(key, {
        candidate: toCandidate(entry),
        matched: new Set(entry.matched),
        via: vias.slice(0, MAX_VIA),
      })
      continue
    }
    entry.matched.forEach((term) => found.matched.add(term))
    for (const via of vias) {
      const isKnown = found.via.some((v) => v.text === via.text && v.kind === via.kind)
      if (found.via.length < MAX_VIA && !isKnown) found.via.push(via)
    }
  }
  return [...byCode.values()].map(({ candidate, matched, via }) => ({
    ...candidate,
    matched: [...matched],
    ...(via.length > 0 ? { via } : {}),
  }))
}

/** Okapi BM25 of a title for the query (term frequency 1, IDF weights from the index). */
export function bm25(hit: Hit, terms: readonly WeightedTerm[], averageTerms: number): number {
  const lengthNorm = 1 - BM25_B + (BM25_B * hit.stems.length) / Math.max(1, averageTerms)
  const perTerm = (BM25_K1 + 1) / (1 + BM25_K1 * lengthNorm)
  return terms.reduce(
    (sum, term) => (termMatches(term, hit.stemSet) ? sum + weightOf(term) * perTerm : sum),
    0,
  )
}

/**
 * Score in [0, 1]: weighted share of the query terms the title has (coverage), share of the title's
 * words the query accounts for (precision: "Pain in left knee" beats a longer title), BM25 relative
 * to the best hit (`relativeBm25` in [0, 1]), and a bonus for billable codes.
 */
export function scoreHit(hit: Hit, terms: readonly WeightedTerm[], relativeBm25: number): Scored {
  const stems = hit.stemSet
  const matchedTerms = terms.filter((term) => termMatches(term, stems))
  const total = terms.reduce((sum, term) => sum + weightOf(term), 0)
  const coverage =
    total > 0 ? matchedTerms.reduce((sum, term) => sum + weightOf(term), 0) / total : 0
  const content = hit.specific
  const explained = content.filter((stem) => matchedTerms.some((term) => term.forms.includes(stem)))
  const precision = content.length > 0 ? explained.length / content.length : 1
  const score =
    WEIGHT.coverage * coverage +
    WEIGHT.precision * precision +
    WEIGHT.bm25 * Math.max(0, Math.min(1, relativeBm25)) +
    WEIGHT.billable * (hit.billable ? 1 : 0)
  const matched = [...new Set(matchedTerms.map((term) => term.text))]
  return { hit, coverage, score, matched }
}

/**
 * A non-billable category never ranks above a billable descendant that covers the query as well:
 * its score is capped just below the best such descendant's.
 */
export function keepCategoriesBelowChildren(scored: readonly Scored[]): Scored[] {
  const billable = scored.filter((entry) => entry.hit.billable)
  return scored.map((entry) => {
    if (entry.hit.billable) return entry
    const children = billable.filter(
      (child) =>
        child.coverage >= entry.coverage &&
        child.hit.system === entry.hit.system &&
        child.hit.ancestors.includes(entry.hit.code),
    )
    if (children.length === 0) return entry
    const cap = Math.max(...children.map((child) => child.score)) - 0.0001
    return entry.score > cap ? { ...entry, score: cap } : entry
  })
}

function weightOf(term: WeightedTerm): number {
  return term.weight * (term.optional ? OPTIONAL_TERM_WEIGHT : 1)
}

function compareScored(a: Scored, b: Scored): number {
  return (
    b.score - a.score ||
    Number(b.hit.billable) - Number(a.hit.billable) ||
    a.hit.description.length - b.hit.description.length ||
    a.hit.code.localeCompare(b.hit.code)
  )
}

function toCandidate(entry: Scored): CodeCandidate {
  const { system, code, description, billable, ancestors, guidance } = entry.hit
  const score = Math.max(0, Math.min(1, Math.round(entry.score * 10_000) / 10_000))
  return {
    system,
    code,
    description,
    billable,
    score,
    parents: ancestors,
    matched: entry.matched,
    ...(guidance === undefined ? {} : { guidance }),
  }
}
