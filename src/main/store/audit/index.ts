// Audit: who did what to which entity, append-only and PHI-safe (store layer).
import type { Database } from 'better-sqlite3'
import { prepareAuditStatements } from './statements'

/** Detail values: ids, codes, counts and enum values. Never note or chunk text, nor file paths. */
export type AuditDetail = Readonly<Record<string, string | number | boolean | null>>

export interface AuditEntry {
  readonly at: string
  /** The coder's name, or "system" for what the app does on its own. */
  readonly actor: string
  /** Dotted verb, e.g. "document.save", "decision.accept", "export.write". */
  readonly action: string
  readonly entity: 'document' | 'suggestion'
  readonly entityId: number
  readonly detail: AuditDetail
}

/** The audit log of one connection. */
export function createAudit(db: Database) {
  const sql = prepareAuditStatements(db)
  return {
    record(entry: AuditEntry): void {
      sql.insert.run({ ...entry, detail: JSON.stringify(entry.detail) })
    },
  }
}

export type Audit = ReturnType<typeof createAudit>
