// Pipeline steps and their runner: what each step needs and gives, checked once at start-up;
// a failure is tagged with its step and document (pipeline layer).
import type { Chunk, EnrichedChunk, NoteDocument, Relation, Sentence } from '../../shared/domain'
import { CoderError } from '../../shared/errors'
import type { CandidatePair } from './pair'

/** What a note's analysis holds after some steps; every span points into document.text. */
export interface Analysis {
  readonly document: NoteDocument
  readonly sentences: readonly Sentence[]
  readonly chunks: readonly Chunk[]
  /** Candidate pairs for relation extraction (pair step); internal to the pipeline. */
  readonly pairs: readonly CandidatePair[]
  readonly relations: readonly Relation[]
  readonly enriched: readonly EnrichedChunk[]
}

/** Facts a step can need or give; `assertions` means chunks carry their assertion. */
export type Fact =
  'document' | 'sentences' | 'chunks' | 'assertions' | 'pairs' | 'relations' | 'enriched'

export interface StepMeta {
  readonly name: string
  readonly needs: readonly Fact[]
  readonly gives: readonly Fact[]
}

/** A step returns a new frozen analysis; it never changes the one it was given. */
export interface Step {
  readonly meta: StepMeta
  readonly run: (analysis: Analysis) => Analysis | Promise<Analysis>
}

/** Throws E_INTERNAL naming the first step whose needs no earlier step (or `given`) meets. */
export function checkStepOrder(
  steps: readonly StepMeta[],
  given: readonly Fact[] = ['document'],
): void {
  const known = new Set<Fact>(given)
  for (const step of steps) {
    const missing = step.needs.filter((fact) => !known.has(fact))
    if (missing.length > 0) {
      throw new CoderError('E_INTERNAL', {
        where: 'the pipeline set-up',
        reason: `step "${step.name}" needs ${missing.join(', ')}, which no earlier step gives`,
      })
    }
    for (const fact of step.gives) known.add(fact)
  }
}

/** An analysis holding only the document, for the first step. */
export function startAnalysis(document: NoteDocument): Analysis {
  return Object.freeze({
    document,
    sentences: [],
    chunks: [],
    pairs: [],
    relations: [],
    enriched: [],
  })
}

/**
 * Runs the steps in order. A failure is rethrown tagged with the step and document id: a
 * CoderError keeps its code (step and document added to its params), anything else becomes
 * E_INTERNAL naming both.
 */
/** Milliseconds spent per step name, added to across calls (for benchmarks; never logged with text). */
export type StepTimings = Record<string, number>

export async function runSteps(
  steps: readonly Step[],
  document: NoteDocument,
  timings?: StepTimings,
): Promise<Analysis> {
  let analysis = startAnalysis(document)
  for (const step of steps) {
    const startedAt = performance.now()
    try {
      analysis = await step.run(analysis)
    } catch (error) {
      throw tagFailure(error, step.meta.name, document.id)
    }
    if (timings)
      timings[step.meta.name] = (timings[step.meta.name] ?? 0) + performance.now() - startedAt
  }
  return analysis
}

function tagFailure(error: unknown, step: string, documentId: string): CoderError {
  if (error instanceof CoderError) {
    return new CoderError(error.code, { ...error.params, step, document: documentId })
  }
  const reason = error instanceof Error ? error.message : String(error)
  return new CoderError('E_INTERNAL', {
    where: `pipeline step "${step}" on document ${documentId}`,
    reason,
  })
}
