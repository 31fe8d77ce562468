// SQL of the append-only decisions log (store layer): rows are only ever inserted.
import type { Database } from 'better-sqlite3'

export interface NewDecisionRow {
  readonly suggestionId: number
  readonly action: string
  readonly coder: string
  readonly at: string
}

export function prepareDecisionStatements(db: Database) {
  return {
    insert: db.prepare<NewDecisionRow>(
      `INSERT INTO decisions (suggestion_id, action, coder, at)
       VALUES (@suggestionId, @action, @coder, @at)`,
    ),
  }
}

export type DecisionStatements = ReturnType<typeof prepareDecisionStatements>
