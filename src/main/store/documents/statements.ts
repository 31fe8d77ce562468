// SQL of the documents table and the worklist (store layer), prepared once per connection.
import type { Database } from 'better-sqlite3'
import type { DocumentSummary } from '../../../shared/ipc'

export interface DocumentRow {
  readonly id: number
  readonly path: string
  readonly name: string
  readonly sha256: string
  readonly text: string
  readonly encoding: string
  /** JSON array of sections. */
  readonly sections: string
  readonly addedAt: string
}

export type NewDocumentRow = Omit<DocumentRow, 'id'>

/** The worklist query returns the contract's summary shape column for column. */
export type SummaryRow = DocumentSummary

const COLUMNS = 'id, path, name, sha256, text, encoding, sections, added_at AS addedAt'

// Counts come from each document's latest finished run; decisions count by their latest action.
const SUMMARIES = `
  WITH latest AS (
    SELECT document_id, MAX(id) AS run_id FROM runs WHERE status = 'done' GROUP BY document_id
  )
  SELECT d.id, d.name, d.path, d.added_at AS addedAt,
    (SELECT count(*) FROM chunks c WHERE c.run_id = l.run_id) AS chunks,
    (SELECT count(*) FROM suggestions s WHERE s.run_id = l.run_id) AS suggestions,
    (SELECT count(*) FROM suggestions s JOIN current_decisions cd ON cd.suggestion_id = s.id
      WHERE s.run_id = l.run_id AND cd.action = 'accept') AS accepted,
    (SELECT count(*) FROM suggestions s JOIN current_decisions cd ON cd.suggestion_id = s.id
      WHERE s.run_id = l.run_id AND cd.action = 'reject') AS rejected
  FROM documents d LEFT JOIN latest l ON l.document_id = d.id
  ORDER BY d.id`

export function prepareDocumentStatements(db: Database) {
  return {
    insert: db.prepare<NewDocumentRow>(
      `INSERT INTO documents (path, name, sha256, text, encoding, sections, added_at)
       VALUES (@path, @name, @sha256, @text, @encoding, @sections, @addedAt)`,
    ),
    byId: db.prepare<[number], DocumentRow>(`SELECT ${COLUMNS} FROM documents WHERE id = ?`),
    byPathAndHash: db.prepare<[string, string], DocumentRow>(
      `SELECT ${COLUMNS} FROM documents WHERE path = ? AND sha256 = ?`,
    ),
    summaries: db.prepare<[], SummaryRow>(SUMMARIES),
  }
}

export type DocumentStatements = ReturnType<typeof prepareDocumentStatements>
