// The project store (store layer): documents, coding runs, suggestions, decisions and the audit
// log in one SQLite file, plus the coded-summary exports. Every change is one transaction.
import { resolve } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import type { Database } from 'better-sqlite3'
import type { CodedDocument, DecisionAction } from '../../shared/domain'
import { CoderError } from '../../shared/errors'
import type {
  DocumentSummary,
  DocumentView,
  ExportFormat,
  ExportResult,
  ReviewSuggestion,
} from '../../shared/ipc'
import { createAudit } from './audit'
import { databaseError, openDatabase } from './db'
import { createDecisions } from './decisions'
import { createDocuments, type StoredDocument } from './documents'
import { exportFileName, renderSummary, type ExportedCode, type Summary } from './export/summary'
import { writeFileAtomic } from './export/atomicWrite'
import { createRuns } from './runs'
import { createSuggestions, toCodeSuggestion, toReviewSuggestion } from './suggestions'
import type { AcceptedSuggestion } from './suggestions'
import { inTransaction } from './transaction'
import { validateCoded, type SaveMeta } from './validate'

export type { SaveMeta } from './validate'

export interface ExportContent {
  readonly content: string
  /** How many accepted codes the content holds. */
  readonly codes: number
  /** A suggested file name, e.g. "ed-knee.codes.csv". */
  readonly defaultName: string
}

export interface Store {
  /** Absolute path of the database file. */
  readonly path: string
  /** Stores a coded note in one transaction; the same path and bytes again return the stored one. */
  saveCoded(doc: CodedDocument, meta: SaveMeta): DocumentView
  /** The worklist, oldest first, with counts from each document's latest run. */
  listDocuments(): DocumentSummary[]
  /** A document with its latest run; throws E_NOT_FOUND. */
  getDocument(id: number): DocumentView
  /** Appends a decision and its audit row in one transaction; throws E_NOT_FOUND. */
  decide(suggestionId: number, action: DecisionAction, coder: string): ReviewSuggestion
  /** The accepted codes of a document's latest run, with evidence, as CSV or JSON text. */
  exportSummary(documentId: number, format: ExportFormat): ExportContent
  /** Writes the export to `path` atomically and audits it; throws E_FILE_WRITE. */
  writeExport(documentId: number, format: ExportFormat, path: string): ExportResult
  close(): void
}

const SYSTEM_ACTOR = 'system'
const MAX_CODER_LENGTH = 200

/** Opens (creating and migrating as needed) the project database at `path`; throws E_DATABASE. */
export function openStore(path: string): Store {
  const file = path === ':memory:' ? path : resolve(path)
  const db = openDatabase(file)
  try {
    return guarded(file, db, createStore(file, db))
  } catch (error) {
    db.close()
    throw databaseError(file, error)
  }
}

function createStore(path: string, db: Database): Store {
  const documents = createDocuments(db)
  const runs = createRuns(db)
  const suggestions = createSuggestions(db)
  const decisions = createDecisions(db)
  const audit = createAudit(db)
  const now = (): string => new Date().toISOString()

  function requireDocument(id: number): StoredDocument {
    const doc = Number.isInteger(id) ? documents.get(id) : undefined
    if (!doc) throw new CoderError('E_NOT_FOUND', { what: 'document', id: String(id) })
    return doc
  }

  function view(id: number): DocumentView {
    const doc = requireDocument(id)
    const run = runs.latest(id)
    const output = run ? runs.output(run.id, doc.text) : { chunks: [], relations: [], enriched: [] }
    const stored = run ? suggestions.ofRun(run.id) : []
    const document: CodedDocument = {
      id: doc.name,
      path: doc.path,
      text: doc.text,
      encoding: doc.encoding,
      sections: doc.sections,
      ...output,
      suggestions: stored.map(toCodeSuggestion),
    }
    return { id: doc.id, name: doc.name, document, suggestions: stored.map(toReviewSuggestion) }
  }

  function saveCoded(doc: CodedDocument, meta: SaveMeta): DocumentView {
    const sha256 = validateCoded(doc, meta)
    return inTransaction(db, () => {
      const existing = documents.find(doc.path, sha256)
      if (existing) return view(existing.id)
      const savedAt = now()
      const documentId = documents.insert(doc, sha256, savedAt)
      const run = { documentId, mode: meta.mode, models: meta.models, finishedAt: savedAt }
      const runId = runs.insert({ ...run, startedAt: meta.startedAt ?? savedAt }, doc)
      suggestions.insertAll(runId, doc.suggestions)
      audit.record({
        at: savedAt,
        actor: SYSTEM_ACTOR,
        action: 'document.save',
        entity: 'document',
        entityId: documentId,
        detail: {
          runId,
          mode: meta.mode,
          chunks: doc.chunks.length,
          relations: doc.relations.length,
          enriched: doc.enriched.length,
          suggestions: doc.suggestions.length,
        },
      })
      return view(documentId)
    })
  }

  function decide(suggestionId: number, action: DecisionAction, coder: string): ReviewSuggestion {
    const who = checkDecision(action, coder)
    return inTransaction(db, () => {
      const target = Number.isInteger(suggestionId) ? suggestions.get(suggestionId) : undefined
      if (!target)
        throw new CoderError('E_NOT_FOUND', { what: 'suggestion', id: String(suggestionId) })
      const decision = decisions.append(suggestionId, action, who, now())
      audit.record({
        at: decision.at,
        actor: who,
        action: `decision.${action}`,
        entity: 'suggestion',
        entityId: suggestionId,
        detail: {
          decisionId: decision.id,
          documentId: target.documentId,
          runId: target.runId,
          system: target.system,
          code: target.code,
        },
      })
      return toReviewSuggestion({ ...target, decision: action })
    })
  }

  function exportSummary(documentId: number, format: ExportFormat): ExportContent {
    checkFormat(format)
    const doc = requireDocument(documentId)
    const run = runs.latest(documentId)
    const accepted = run ? suggestions.acceptedOfRun(run.id) : []
    const summary: Summary = {
      document: { id: doc.id, name: doc.name, path: doc.path, sha256: doc.sha256 },
      exportedAt: now(),
      codes: accepted.map((s) => toExportedCode(s, doc.text)),
    }
    return {
      content: renderSummary(summary, format),
      codes: summary.codes.length,
      defaultName: exportFileName(doc.name, format),
    }
  }

  function writeExport(documentId: number, format: ExportFormat, target: string): ExportResult {
    const { content, codes } = exportSummary(documentId, format)
    // The audit row commits only if the file landed: a failed write rolls it back.
    const bytes = inTransaction(db, () => {
      audit.record({
        at: now(),
        actor: SYSTEM_ACTOR,
        action: 'export.write',
        entity: 'document',
        entityId: documentId,
        detail: { format, codes },
      })
      return writeFileAtomic(target, content)
    })
    return { path: resolve(target), format, codes, bytes }
  }

  return {
    path,
    saveCoded,
    listDocuments: () => documents.list(),
    getDocument: view,
    decide,
    exportSummary,
    writeExport,
    close: () => void db.close(),
  }
}

function toExportedCode(s: AcceptedSuggestion, text: string): ExportedCode {
  return {
    system: s.system,
    code: s.code,
    description: s.description,
    billable: s.billable,
    chunkText: s.chunkText,
    evidence: text.slice(s.start, s.end),
    start: s.start,
    end: s.end,
    label: s.label,
    assertion: s.assertion,
    basis: s.basis,
    score: s.score,
    coder: s.coder,
    decidedAt: s.decidedAt,
  }
}

/** Validates a decision's arguments; returns the coder's name trimmed. */
function checkDecision(action: DecisionAction, coder: string): string {
  const call = 'review.decide'
  if (action !== 'accept' && action !== 'reject') {
    throw new CoderError('E_INVALID_REQUEST', { call, reason: 'action must be accept or reject' })
  }
  const who = typeof coder === 'string' ? coder.trim() : ''
  if (!who || who.length > MAX_CODER_LENGTH) {
    const reason = `the coder's name must be 1 to ${MAX_CODER_LENGTH} characters`
    throw new CoderError('E_INVALID_REQUEST', { call, reason })
  }
  return who
}

function checkFormat(format: ExportFormat): void {
  if (format !== 'csv' && format !== 'json') {
    throw new CoderError('E_INVALID_REQUEST', {
      call: 'export',
      reason: 'format must be csv or json',
    })
  }
}

/**
 * Turns SQLite failures (locked, full, damaged, closed) into E_DATABASE for this file, so every
 * caller sees one catalogue code; other errors pass through unchanged.
 */
function guarded(path: string, db: Database, store: Store): Store {
  const guard =
    <A extends unknown[], R>(fn: (...args: A) => R) =>
    (...args: A): R => {
      if (!db.open) throw new CoderError('E_DATABASE', { path, reason: 'the store is closed' })
      try {
        return fn(...args)
      } catch (error) {
        if (error instanceof BetterSqlite3.SqliteError) throw databaseError(path, error)
        throw error
      }
    }
  return {
    path,
    saveCoded: guard(store.saveCoded),
    listDocuments: guard(store.listDocuments),
    getDocument: guard(store.getDocument),
    decide: guard(store.decide),
    exportSummary: guard(store.exportSummary),
    writeExport: guard(store.writeExport),
    close: () => {
      if (db.open) store.close()
    },
  }
}
