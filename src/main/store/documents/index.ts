// Documents: the imported notes, whose text is the reference for every offset (store layer).
import { basename } from 'node:path'
import type { Database } from 'better-sqlite3'
import { z } from 'zod'
import type { NoteDocument, Section } from '../../../shared/domain'
import type { DocumentSummary } from '../../../shared/ipc'
import { readStoredJson } from '../storedJson'
import { prepareDocumentStatements, type DocumentRow } from './statements'

export interface StoredDocument {
  readonly id: number
  readonly path: string
  /** Display name: the importer's document id (CLI.md: the file name), e.g. "ed-knee.txt". */
  readonly name: string
  /** SHA-256 of the file's bytes, lower-case hex. */
  readonly sha256: string
  readonly text: string
  readonly encoding: string
  readonly sections: readonly Section[]
  readonly addedAt: string
}

const sectionsSchema = z.array(
  z.object({ name: z.string(), start: z.number().int(), end: z.number().int() }),
)

/** The documents of one connection. */
export function createDocuments(db: Database) {
  const sql = prepareDocumentStatements(db)
  return {
    /** The document already stored for these exact bytes at this path, if any. */
    find(path: string, sha256: string): StoredDocument | undefined {
      const row = sql.byPathAndHash.get(path, sha256)
      return row && toDocument(row)
    },
    get(id: number): StoredDocument | undefined {
      const row = sql.byId.get(id)
      return row && toDocument(row)
    },
    /** Inserts a note and returns its new id. */
    insert(doc: NoteDocument, sha256: string, addedAt: string): number {
      const result = sql.insert.run({
        path: doc.path,
        name: doc.id || basename(doc.path),
        sha256,
        text: doc.text,
        encoding: doc.encoding,
        sections: JSON.stringify(
          doc.sections.map(({ name, start, end }) => ({ name, start, end })),
        ),
        addedAt,
      })
      return Number(result.lastInsertRowid)
    },
    /** The worklist, oldest first, with the counts of each document's latest run. */
    list(): DocumentSummary[] {
      return sql.summaries.all()
    },
  }
}

export type Documents = ReturnType<typeof createDocuments>

function toDocument(row: DocumentRow): StoredDocument {
  return { ...row, sections: readStoredJson(row.sections, sectionsSchema, 'document sections') }
}
