// `eval coding` as a service: the product's code suggestions for each CodiEsp note, ranked and
// scored as the official CodiEsp-D/P evaluation scores a run (evaluation layer; the CLI passes in
// the coder, so this layer needs no worker pool or terminology import).
import { resolve } from 'node:path'
import type { CodeSuggestion } from '../../shared/domain'
import { CoderError } from '../../shared/errors'
import type { OpenFailure } from '../../shared/ipc'
import { PIPELINE_MODES, type PipelineMode } from '../pipeline'
import {
  CODING_CORPORA,
  CODING_KINDS,
  normalizeCode,
  readCodiesp,
  type CodingCorpus,
  type CodingKind,
} from './codingCorpus'
import { EVAL_SPLITS, type EvalSplit } from './corpora'

/** The code system whose suggestions are scored for each kind. */
export const CODING_SYSTEM: Readonly<Record<CodingKind, string>> = {
  diagnosis: 'ICD-10-CM',
  procedure: 'ICD-10-PCS',
}

/**
 * Characters kept by the lenient `category` score: the ICD-10-CM category (m25), and the
 * ICD-10-PCS 4-character prefix CodiEsp itself falls back to (0dt9).
 */
export const CATEGORY_CHARACTERS: Readonly<Record<CodingKind, number>> = {
  diagnosis: 3,
  procedure: 4,
}

/**
 * Which of a note's suggestions make its code list. both: all of them, as the codes panel shows
 * the coder (a chunk's enriched group, then its base group); base: only those matched on the
 * chunk's own text; enriched: a chunk's enriched suggestions in place of its base ones where it
 * has any, else its base ones.
 */
export const CODING_VIEWS = ['both', 'base', 'enriched'] as const
export type CodingView = (typeof CODING_VIEWS)[number]

/** The product's suggestions for one note file, as `code` gives them. */
export interface CodedNoteSuggestions {
  readonly path: string
  readonly suggestions: readonly CodeSuggestion[]
}

export interface CodeNotesRequest {
  /** The one system to suggest codes in (CODING_SYSTEM[kind]). */
  readonly system: string
  readonly mode: PipelineMode
  readonly onProgress?: (done: number, total: number) => void
}

/** Codes note files with the product (the CLI passes the engine's `codePaths`). */
export type CodeNotes = (
  paths: readonly string[],
  request: CodeNotesRequest,
) => Promise<{
  readonly notes: readonly CodedNoteSuggestions[]
  readonly failed: readonly OpenFailure[]
}>

export interface CodingEvalOptions {
  readonly corpus: string
  readonly kind: string
  readonly split: string
  readonly mode: string
  /** A folder laid out like ../shared/datasets/codiesp. */
  readonly dataDir: string
  readonly codeNotes: CodeNotes
  readonly onProgress?: (done: number, total: number) => void
}

/**
 * Scores of one code list per note. Fractions in [0, 1], 4 decimals; 0 where undefined.
 * - map: the official CodiEsp MAP (trectools 0.0.42, as its requirements pin): average precision
 *   of each note's ranked list against its gold codes, averaged over the notes with at least one
 *   ranked code (a note with codes but no gold counts 0; a note with no code is left out).
 * - map_gold_notes: the same average precisions over every note with gold codes instead, a note
 *   with no ranked code counting 0 (trec_eval's convention, which the official script lacks).
 * - precision, recall, f1: micro over distinct (note, code) pairs of the proposed codes (each
 *   chunk's top suggestion per basis group, see `proposedCodes`), as comp_f1_diag_proc.py.
 * Codes match exactly after lower-casing, as in both official scripts, so a 7-character PCS
 * suggestion never matches a 4-character gold prefix (the `category` score shows those). Unlike
 * them, suggestions are not filtered by CodiEsp's valid-code list (CIE-10-ES 2018, not available
 * here): a suggested code outside it keeps its place, where they would drop it.
 */
export interface CodingScore {
  readonly map: number
  readonly map_gold_notes: number
  readonly precision: number
  readonly recall: number
  readonly f1: number
  /** Distinct (note, code) pairs proposed, and of those in the gold. */
  readonly proposed: number
  readonly correct: number
}

/** CLI.md's `eval coding` object (top level: the both view), plus counts and provenance. */
export interface CodingEvalResult extends CodingScore {
  readonly corpus: CodingCorpus
  readonly split: EvalSplit
  readonly kind: CodingKind
  readonly mode: PipelineMode
  readonly system: string
  readonly base: CodingScore
  readonly enriched: CodingScore
  /** The both view with every code, gold and suggested, cut to its first `characters`. */
  readonly category: CodingScore & { readonly characters: number }
  readonly notes: number
  readonly notes_with_gold: number
  /** Notes with at least one suggestion of the system: the official MAP's denominator. */
  readonly notes_with_codes: number
  /** Distinct (note, code) gold pairs. */
  readonly gold_codes: number
  /** Notes the product could not code, scored as notes without suggestions. */
  readonly failed: readonly OpenFailure[]
  readonly files: readonly string[]
  readonly data: string
  readonly seconds: number
}

/** A note's gold codes and one view's ranked and proposed codes, all normalized. */
export interface ScoredNote {
  readonly gold: readonly string[]
  readonly ranked: readonly string[]
  readonly proposed: readonly string[]
}

// trectools' default evaluation depth, which the official script keeps.
const MAP_DEPTH = 1000

/**
 * Codes every note of the split with the product and scores its suggestions of the kind's system.
 * Throws E_OPTION (corpus, kind, split, mode), E_FILE_NOT_FOUND, E_DATASET_EMPTY or
 * E_DATASET_MALFORMED before any note is coded.
 */
export async function evaluateCoding(options: CodingEvalOptions): Promise<CodingEvalResult> {
  const started = performance.now()
  const corpus = oneOf(options.corpus, CODING_CORPORA, '--corpus')
  const kind = oneOf(options.kind, CODING_KINDS, '--kind')
  const split = oneOf(options.split, EVAL_SPLITS, '--split')
  const mode = oneOf(options.mode, PIPELINE_MODES, '--mode')
  const dataDir = resolve(options.dataDir)
  const set = readCodiesp(dataDir, split, kind)
  const system = CODING_SYSTEM[kind]
  const { notes, failed } = await options.codeNotes(
    set.documents.map((document) => document.path),
    { system, mode, ...(options.onProgress ? { onProgress: options.onProgress } : {}) },
  )
  const byPath = new Map(notes.map((note) => [resolve(note.path), note.suggestions]))
  const coded = set.documents.map((document) => ({
    gold: document.gold,
    suggestions: (byPath.get(resolve(document.path)) ?? []).filter((s) => s.system === system),
  }))
  const scoredView = (view: CodingView) =>
    coded.map(({ gold, suggestions }) => scoredNote(gold, viewSuggestions(suggestions, view)))
  const both = scoredView('both')
  const characters = CATEGORY_CHARACTERS[kind]
  return {
    corpus,
    split,
    kind,
    mode,
    system,
    ...scoreNotes(both),
    base: scoreNotes(scoredView('base')),
    enriched: scoreNotes(scoredView('enriched')),
    category: { characters, ...scoreNotes(both.map((note) => truncateNote(note, characters))) },
    notes: coded.length,
    notes_with_gold: both.filter((note) => note.gold.length > 0).length,
    notes_with_codes: both.filter((note) => note.ranked.length > 0).length,
    gold_codes: sum(both.map((note) => note.gold.length)),
    failed,
    files: set.files,
    data: dataDir,
    seconds: Math.round(performance.now() - started) / 1000,
  }
}

/** A note's gold codes with the ranked and proposed codes of its suggestions. */
export function scoredNote(
  gold: readonly string[],
  suggestions: readonly CodeSuggestion[],
): ScoredNote {
  return {
    gold: distinct(gold.map(normalizeCode)),
    ranked: rankedCodes(suggestions),
    proposed: proposedCodes(suggestions),
  }
}

/** The suggestions of one view (CODING_VIEWS). */
export function viewSuggestions(
  suggestions: readonly CodeSuggestion[],
  view: CodingView,
): CodeSuggestion[] {
  if (view === 'both') return [...suggestions]
  if (view === 'base') return suggestions.filter((s) => s.basis === 'base')
  const enrichedChunks = new Set(
    suggestions.filter((s) => s.basis === 'enriched').map((s) => s.chunk),
  )
  return suggestions.filter((s) => (s.basis === 'enriched') === enrichedChunks.has(s.chunk))
}

/**
 * A note's ranked code list: each distinct code (normalized) once, at its best suggestion, best
 * first: higher score, then better rank within its chunk, then code order, so ties are stable.
 */
export function rankedCodes(suggestions: readonly CodeSuggestion[]): string[] {
  const best = new Map<string, CodeSuggestion>()
  for (const suggestion of suggestions) {
    const code = normalizeCode(suggestion.code)
    const held = best.get(code)
    if (!held || compareSuggestions(suggestion, held) < 0) best.set(code, suggestion)
  }
  return [...best.entries()]
    .sort(([codeA, a], [codeB, b]) => compareSuggestions(a, b) || compareText(codeA, codeB))
    .map(([code]) => code)
}

/**
 * The codes the tool proposes for a note: the top suggestion (higher score, then better rank) of
 * each chunk's basis group, the first line the codes panel shows under it, distinct codes.
 */
export function proposedCodes(suggestions: readonly CodeSuggestion[]): string[] {
  const top = new Map<string, CodeSuggestion>()
  for (const suggestion of suggestions) {
    const group = `${suggestion.chunk}\t${suggestion.basis}`
    const held = top.get(group)
    if (!held || compareSuggestions(suggestion, held) < 0) top.set(group, suggestion)
  }
  return distinct([...top.values()].map((suggestion) => normalizeCode(suggestion.code)))
}

/**
 * trec average precision of a ranked list (first MAP_DEPTH codes): the precision at the rank of
 * each gold code found, summed and divided by the number of gold codes; 0 without gold codes.
 */
export function averagePrecision(ranked: readonly string[], gold: readonly string[]): number {
  const relevant = new Set(gold)
  if (relevant.size === 0) return 0
  let found = 0
  let total = 0
  distinct(ranked)
    .slice(0, MAP_DEPTH)
    .forEach((code, index) => {
      if (!relevant.has(code)) return
      found++
      total += found / (index + 1)
    })
  return total / relevant.size
}

/** The official CodiEsp MAP: mean average precision over the notes with a ranked code. */
export function meanAveragePrecision(notes: readonly ScoredNote[]): number {
  return mean(notes.filter((note) => note.ranked.length > 0).map(noteAveragePrecision))
}

/** Mean average precision over the notes with gold codes (no ranked code: 0). */
export function meanAveragePrecisionOverGold(notes: readonly ScoredNote[]): number {
  return mean(notes.filter((note) => note.gold.length > 0).map(noteAveragePrecision))
}

/** Micro precision, recall and F1 of the proposed codes over distinct (note, code) pairs. */
export function microScores(notes: readonly ScoredNote[]): {
  precision: number
  recall: number
  f1: number
  proposed: number
  correct: number
  gold: number
} {
  let proposed = 0
  let correct = 0
  let gold = 0
  for (const note of notes) {
    const relevant = new Set(note.gold)
    const codes = distinct(note.proposed)
    proposed += codes.length
    correct += codes.filter((code) => relevant.has(code)).length
    gold += relevant.size
  }
  const precision = proposed === 0 ? 0 : correct / proposed
  const recall = gold === 0 ? 0 : correct / gold
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)
  return { precision, recall, f1, proposed, correct, gold }
}

/** Every score of one view, rounded to 4 decimals. */
export function scoreNotes(notes: readonly ScoredNote[]): CodingScore {
  const micro = microScores(notes)
  return {
    map: round(meanAveragePrecision(notes)),
    map_gold_notes: round(meanAveragePrecisionOverGold(notes)),
    precision: round(micro.precision),
    recall: round(micro.recall),
    f1: round(micro.f1),
    proposed: micro.proposed,
    correct: micro.correct,
  }
}

/** A note with each code cut to its first `characters`, duplicates dropped, order kept. */
export function truncateNote(note: ScoredNote, characters: number): ScoredNote {
  const cut = (codes: readonly string[]) => distinct(codes.map((c) => c.slice(0, characters)))
  return { gold: cut(note.gold), ranked: cut(note.ranked), proposed: cut(note.proposed) }
}

function noteAveragePrecision(note: ScoredNote): number {
  return averagePrecision(note.ranked, note.gold)
}

// Higher score first, then the better rank; the panel orders a chunk's codes so too.
function compareSuggestions(a: CodeSuggestion, b: CodeSuggestion): number {
  return b.score - a.score || a.rank - b.rank
}

function compareText(a: string, b: string): number {
  if (a === b) return 0
  return a < b ? -1 : 1
}

function distinct(codes: readonly string[]): string[] {
  return [...new Set(codes)]
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : sum(values) / values.length
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0)
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000
}

function oneOf<T extends string>(value: string, allowed: readonly T[], option: string): T {
  const found = allowed.find((candidate) => candidate === value)
  if (found) return found
  throw new CoderError('E_OPTION', {
    reason: `${option} must be one of ${allowed.join(', ')}, got "${value}"`,
  })
}
