// SQL of the append-only audit log (store layer): rows are only ever inserted.
import type { Database } from 'better-sqlite3'

export interface AuditRow {
  readonly at: string
  readonly actor: string
  readonly action: string
  readonly entity: string
  readonly entityId: number
  /** JSON object of ids, codes and counts; never note text. */
  readonly detail: string
}

export function prepareAuditStatements(db: Database) {
  return {
    insert: db.prepare<AuditRow>(
      `INSERT INTO audit (at, actor, action, entity, entity_id, detail)
       VALUES (@at, @actor, @action, @entity, @entityId, @detail)`,
    ),
  }
}

export type AuditStatements = ReturnType<typeof prepareAuditStatements>
