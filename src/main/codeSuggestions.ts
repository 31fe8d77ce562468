// Resolve step: turns a note's chunks into ranked code suggestions (main top: spans pipeline and terminology).
import { normalizeQuery } from './terminology'
import type {
  Assertion,
  Chunk,
  CodeCandidate,
  CodeSuggestion,
  EnrichedChunk,
  SuggestionBasis,
} from '../shared/domain'

/** Which code systems a chunk label is coded in; labels not listed here are context, not codes. */
export const SYSTEMS_BY_LABEL: Readonly<Record<string, readonly string[]>> = {
  Problem: ['ICD-10-CM'],
  Symptom: ['ICD-10-CM'],
  // HCPCS Level II codes drugs (J-codes) and outpatient procedures, supplies and services.
  Procedure: ['ICD-10-PCS', 'HCPCS'],
  Test: ['ICD-10-PCS'],
  Drug: ['HCPCS'],
}

/**
 * Candidates an enriched query fetches before those matching none of the core chunk's words are
 * dropped (see coreMatches). 10 keeps CodiEsp diagnosis F1 where 30 had it (train 0.2786 against
 * 0.2778) at the speed of no pool (1,000 notes, fast: 17.2 s against 17.0–17.3 s; 30: 19–20 s).
 */
const ENRICHED_POOL = 10

/**
 * Suggestions scoring below this are not shown: they are almost never the code. On CodiEsp train
 * diagnoses (eval coding, fast), leaving them out took 589 of 6,521 proposed codes away, 12 of
 * them right: F1 0.2786 → 0.2907, MAP 0.2367 → 0.2361. Higher floors raised F1 further (0.7:
 * 0.310) by hiding codes that were right more often; this one only removes what is almost never.
 */
export const MIN_SUGGESTION_SCORE = 0.5

/** Assertions under which a chunk is not the patient's condition, so it gets no code. */
const NOT_CODED: ReadonlySet<Assertion> = new Set(['absent', 'hypothetical', 'family'])

export interface Resolver {
  resolve(text: string, options: { systems: readonly string[]; limit: number }): CodeCandidate[]
}

export interface SuggestOptions {
  /** Systems the user asked for; a label's systems outside this list are skipped. */
  readonly systems: readonly string[]
  readonly limit: number
}

/**
 * Ranked suggestions for every codable chunk (basis 'base', its own text) and for every enriched
 * chunk (basis 'enriched', the enriched text, e.g. "left knee pain", keeping only codes that
 * match a word of the core chunk), none scoring under MIN_SUGGESTION_SCORE; rank 1.. per chunk,
 * basis and system.
 */
export function suggestCodes(
  chunks: readonly Chunk[],
  resolver: Resolver,
  options: SuggestOptions,
  enriched: readonly EnrichedChunk[] = [],
): CodeSuggestion[] {
  const byId = new Map(chunks.map((chunk) => [chunk.id, chunk]))
  const queries = [
    ...chunks.map((chunk) => ({ chunk, basis: 'base' as const, text: chunk.text })),
    ...enriched.flatMap((entry) => {
      const chunk = byId.get(entry.chunk)
      return chunk ? [{ chunk, basis: 'enriched' as const, text: entry.text }] : []
    }),
  ]
  const suggestions: CodeSuggestion[] = []
  for (const { chunk, basis, text } of queries) {
    if (NOT_CODED.has(chunk.assertion)) continue
    for (const system of SYSTEMS_BY_LABEL[chunk.label] ?? []) {
      if (!options.systems.includes(system)) continue
      const candidates =
        basis === 'base'
          ? resolver.resolve(text, { systems: [system], limit: options.limit })
          : coreMatches(
              resolver.resolve(text, { systems: [system], limit: ENRICHED_POOL }),
              chunk.text,
            ).slice(0, options.limit)
      const shown = candidates.filter((candidate) => candidate.score >= MIN_SUGGESTION_SCORE)
      shown.forEach((candidate, index) => {
        suggestions.push(toSuggestion(chunk, { basis, text }, candidate, index + 1))
      })
    }
  }
  return suggestions
}

/**
 * The candidates whose match includes a word of the core chunk. An enriched text's modifiers alone
 * can match a code about something else ("right testicle root of the thigh pain" → absent
 * testis, "moderate general syndrome" → moderate dementia); such a code is not the chunk's. A core
 * chunk without searchable words (all stopwords) keeps every candidate.
 */
export function coreMatches(
  candidates: readonly CodeCandidate[],
  coreText: string,
): CodeCandidate[] {
  const core = new Set(normalizeQuery(coreText).map((term) => term.text))
  if (core.size === 0) return [...candidates]
  return candidates.filter((candidate) => candidate.matched.some((word) => core.has(word)))
}

function toSuggestion(
  chunk: Chunk,
  query: { basis: SuggestionBasis; text: string },
  candidate: CodeCandidate,
  rank: number,
): CodeSuggestion {
  return {
    chunk: chunk.id,
    basis: query.basis,
    chunkText: query.text,
    system: candidate.system,
    code: candidate.code,
    description: candidate.description,
    billable: candidate.billable,
    score: candidate.score,
    rank,
    assertion: chunk.assertion,
  }
}
