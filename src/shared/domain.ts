// Domain types of the coding pipeline and the review store (shared layer: no Node, no DOM).
import type { Span } from './text'

/** Entity labels the NER model emits (model labels.json is the source of truth at run time). */
export const ENTITY_LABELS = [
  'Problem',
  'Symptom',
  'Procedure',
  'Test',
  'TestResult',
  'BodyPart',
  'Direction',
  'Drug',
  'Dosage',
  'Frequency',
  'Route',
  'Duration',
  'Date',
  'Severity',
  'Modifier',
] as const
export type EntityLabel = (typeof ENTITY_LABELS)[number]

export const ASSERTIONS = [
  'present',
  'absent',
  'possible',
  'hypothetical',
  'historical',
  'family',
] as const
export type Assertion = (typeof ASSERTIONS)[number]

export interface Section extends Span {
  /** Header as written, upper-cased and without the colon, e.g. "ASSESSMENT AND PLAN". */
  readonly name: string
}

/** An imported note: the decoded text is the reference for every offset. */
export interface NoteDocument {
  readonly id: string
  readonly path: string
  readonly text: string
  /** Encoding the bytes were decoded from: utf-8, utf-16le, utf-16be or latin1. */
  readonly encoding: string
  readonly sections: readonly Section[]
}

export interface Sentence extends Span {
  readonly tokens: readonly Span[]
}

export interface AssertionCue extends Span {
  readonly text: string
}

/** A recognised entity; `text` always equals document.text.slice(start, end). */
export interface Chunk extends Span {
  readonly id: string
  readonly text: string
  readonly label: string
  readonly confidence: number
  readonly assertion: Assertion
  readonly assertionCue: AssertionCue | null
}

/** How notes are coded: fast (BiLSTM-CRF NER, FCNN relations) or accurate (the transformers). */
export const CODING_MODES = ['fast', 'accurate'] as const
export type CodingMode = (typeof CODING_MODES)[number]

export interface Relation {
  readonly head: string
  readonly tail: string
  readonly type: string
  readonly confidence: number
  readonly model: CodingMode
}

export interface EnrichedChunk {
  readonly chunk: string
  readonly modifiers: readonly string[]
  readonly text: string
}

export type SuggestionBasis = 'base' | 'enriched'

/** A ranked code for one chunk; rank starts at 1 per chunk, basis and system. */
export interface CodeSuggestion {
  readonly chunk: string
  readonly basis: SuggestionBasis
  readonly chunkText: string
  readonly system: string
  readonly code: string
  readonly description: string
  readonly billable: boolean
  readonly score: number
  readonly rank: number
  readonly assertion: Assertion
}

/** The output of coding one note: CLI.md's `documents[]` element. */
export interface CodedDocument extends NoteDocument {
  readonly chunks: readonly Chunk[]
  readonly relations: readonly Relation[]
  readonly enriched: readonly EnrichedChunk[]
  readonly suggestions: readonly CodeSuggestion[]
}

/** One ranked terminology match. */
export interface CodeCandidate {
  readonly system: string
  /** Written as coders write it: with its dot for ICD-10-CM (M25.562), as is for PCS (0DTJ4ZZ). */
  readonly code: string
  readonly description: string
  readonly billable: boolean
  readonly score: number
  /** Ancestors, nearest first, as codes. */
  readonly parents: readonly string[]
  /** The query terms that matched, for the "why" of a candidate. */
  readonly matched: readonly string[]
  /** What text matched, best first: the code's own title and/or index terms leading to it. */
  readonly via?: readonly CandidateMatch[]
  /** Tabular List notes of the code and its ancestors (nearest first); absent when there are none. */
  readonly guidance?: CodeGuidance
}

/**
 * Where a candidate's match came from: its title, an index term or synonym that leads to it, or
 * (`vector`) the nearness of its title's embedding to the query's.
 */
export type MatchKind =
  'description' | 'index' | 'inclusion' | 'drug' | 'neoplasm' | 'external' | 'synonym' | 'vector'

export interface CandidateMatch {
  readonly kind: MatchKind
  /** The matched text: the title, or an index path such as "Pain > joint > knee". */
  readonly text: string
}

/** Instructional notes that apply to a code (ICD-10-CM Tabular List), as printed. */
export interface CodeGuidance {
  readonly excludes1: readonly string[]
  readonly excludes2: readonly string[]
  readonly codeFirst: readonly string[]
  readonly useAdditional: readonly string[]
}

export interface TerminologyRelease {
  readonly system: string
  readonly release: string
  readonly version: string
  readonly codes: number
  readonly billable: number
  readonly importedAt: string
  readonly source: string
}

export type DecisionAction = 'accept' | 'reject'

export interface Decision {
  readonly id: number
  readonly suggestionId: number
  readonly action: DecisionAction
  readonly coder: string
  readonly at: string
}
