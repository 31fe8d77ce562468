// SQL of code suggestions and their current state (store layer), prepared once per connection.
import type { Database } from 'better-sqlite3'

export interface NewSuggestionRow {
  readonly runId: number
  readonly chunk: string
  readonly basis: string
  readonly system: string
  readonly code: string
  readonly description: string
  /** 0 or 1: SQLite has no boolean. */
  readonly billable: number
  readonly score: number
  readonly rank: number
  readonly assertion: string
  readonly chunkText: string
}

export interface SuggestionRow extends NewSuggestionRow {
  readonly id: number
  readonly documentId: number
  /** The latest decision's action, null while undecided. */
  readonly decision: string | null
}

/** An accepted suggestion with its evidence: the chunk's offsets and the decision that accepted it. */
export interface AcceptedRow extends SuggestionRow {
  readonly start: number
  readonly end: number
  readonly label: string
  readonly coder: string
  readonly decidedAt: string
}

const FROM = `
  FROM suggestions s
  JOIN runs r ON r.id = s.run_id
  LEFT JOIN current_decisions cd ON cd.suggestion_id = s.id`

const COLUMNS = `s.id, r.document_id AS documentId, s.run_id AS runId, s.chunk_key AS chunk,
  s.basis, s.system, s.code, s.description, s.billable, s.score, s.rank, s.assertion,
  s.chunk_text AS chunkText, cd.action AS decision`

export function prepareSuggestionStatements(db: Database) {
  return {
    insert: db.prepare<NewSuggestionRow>(
      `INSERT INTO suggestions (run_id, chunk_key, basis, system, code, description, billable,
         score, rank, assertion, chunk_text)
       VALUES (@runId, @chunk, @basis, @system, @code, @description, @billable, @score, @rank,
         @assertion, @chunkText)`,
    ),
    byId: db.prepare<[number], SuggestionRow>(`SELECT ${COLUMNS} ${FROM} WHERE s.id = ?`),
    ofRun: db.prepare<[number], SuggestionRow>(
      `SELECT ${COLUMNS} ${FROM} WHERE s.run_id = ? ORDER BY s.id`,
    ),
    acceptedOfRun: db.prepare<[number], AcceptedRow>(
      `SELECT ${COLUMNS}, c.start_offset AS start, c.end_offset AS "end", c.label,
         cd.coder, cd.at AS decidedAt
       ${FROM}
       JOIN chunks c ON c.run_id = s.run_id AND c.chunk_key = s.chunk_key
       WHERE s.run_id = ? AND cd.action = 'accept'
       ORDER BY c.start_offset, c.end_offset, s.system, s.basis, s.rank, s.id`,
    ),
  }
}

export type SuggestionStatements = ReturnType<typeof prepareSuggestionStatements>
