// Suggestions: ranked codes per chunk and run, each with its current decision (store layer).
import type { Database } from 'better-sqlite3'
import type {
  Assertion,
  CodeSuggestion,
  DecisionAction,
  SuggestionBasis,
} from '../../../shared/domain'
import type { ReviewSuggestion } from '../../../shared/ipc'
import { prepareSuggestionStatements, type SuggestionRow } from './statements'

/** A suggestion as stored: its review state plus where it belongs. */
export interface StoredSuggestion extends ReviewSuggestion {
  readonly documentId: number
  readonly runId: number
}

/** An accepted suggestion with its evidence: the chunk's offsets and who accepted it when. */
export interface AcceptedSuggestion extends StoredSuggestion {
  readonly start: number
  readonly end: number
  readonly label: string
  readonly coder: string
  readonly decidedAt: string
}

/** The suggestions of one connection. */
export function createSuggestions(db: Database) {
  const sql = prepareSuggestionStatements(db)
  return {
    insertAll(runId: number, suggestions: readonly CodeSuggestion[]): void {
      for (const s of suggestions) {
        sql.insert.run({
          runId,
          chunk: s.chunk,
          basis: s.basis,
          system: s.system,
          code: s.code,
          description: s.description,
          billable: s.billable ? 1 : 0,
          score: s.score,
          rank: s.rank,
          assertion: s.assertion,
          chunkText: s.chunkText,
        })
      }
    },
    get(id: number): StoredSuggestion | undefined {
      const row = sql.byId.get(id)
      return row && toSuggestion(row)
    },
    /** A run's suggestions in the order the resolver gave them. */
    ofRun(runId: number): StoredSuggestion[] {
      return sql.ofRun.all(runId).map(toSuggestion)
    },
    /** A run's accepted suggestions, in document order (chunk start, then system and rank). */
    acceptedOfRun(runId: number): AcceptedSuggestion[] {
      return sql.acceptedOfRun.all(runId).map((row) => ({
        ...toSuggestion(row),
        start: row.start,
        end: row.end,
        label: row.label,
        coder: row.coder,
        decidedAt: row.decidedAt,
      }))
    },
  }
}

export type Suggestions = ReturnType<typeof createSuggestions>

/** Drops the review fields: the pipeline's view of a suggestion. */
export function toCodeSuggestion(s: CodeSuggestion): CodeSuggestion {
  return {
    chunk: s.chunk,
    basis: s.basis,
    chunkText: s.chunkText,
    system: s.system,
    code: s.code,
    description: s.description,
    billable: s.billable,
    score: s.score,
    rank: s.rank,
    assertion: s.assertion,
  }
}

/** Drops the storage fields: the renderer's view of a suggestion. */
export function toReviewSuggestion(s: StoredSuggestion): ReviewSuggestion {
  return { ...toCodeSuggestion(s), id: s.id, decision: s.decision }
}

// Enumerated columns are CHECKed by the schema, so the casts below hold.
function toSuggestion(row: SuggestionRow): StoredSuggestion {
  return {
    id: row.id,
    documentId: row.documentId,
    runId: row.runId,
    chunk: row.chunk,
    basis: row.basis as SuggestionBasis,
    chunkText: row.chunkText,
    system: row.system,
    code: row.code,
    description: row.description,
    billable: row.billable === 1,
    score: row.score,
    rank: row.rank,
    assertion: row.assertion as Assertion,
    decision: row.decision as DecisionAction | null,
  }
}
