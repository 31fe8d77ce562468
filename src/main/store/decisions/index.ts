// Decisions: the coder's accept/reject log, append-only; a suggestion's state is its latest one
// (store layer).
import type { Database } from 'better-sqlite3'
import type { Decision, DecisionAction } from '../../../shared/domain'
import { prepareDecisionStatements } from './statements'

/** The decisions of one connection. */
export function createDecisions(db: Database) {
  const sql = prepareDecisionStatements(db)
  return {
    /** Appends a decision; earlier ones stay, for the audit trail. */
    append(suggestionId: number, action: DecisionAction, coder: string, at: string): Decision {
      const result = sql.insert.run({ suggestionId, action, coder, at })
      return { id: Number(result.lastInsertRowid), suggestionId, action, coder, at }
    },
  }
}

export type Decisions = ReturnType<typeof createDecisions>
