// The coded summary export (store layer): accepted codes with their evidence, rendered as CSV or
// JSON. Pure functions over data already read from the store.
import { stringify } from 'csv-stringify/sync'
import type { ExportFormat } from '../../../shared/ipc'

export interface ExportedDocument {
  readonly id: number
  readonly name: string
  readonly path: string
  readonly sha256: string
}

/** One accepted code; start/end are UTF-16 offsets into the document text, end excluded. */
export interface ExportedCode {
  readonly system: string
  readonly code: string
  readonly description: string
  readonly billable: boolean
  /** The text the code was resolved from: the chunk's own, or its enriched text. */
  readonly chunkText: string
  /** The document's text at [start, end): what the coder sees highlighted. */
  readonly evidence: string
  readonly start: number
  readonly end: number
  readonly label: string
  readonly assertion: string
  readonly basis: string
  readonly score: number
  readonly coder: string
  readonly decidedAt: string
}

export interface Summary {
  readonly document: ExportedDocument
  readonly exportedAt: string
  readonly codes: readonly ExportedCode[]
}

/** CSV columns, in order; each row repeats the document so a file of many rows stands alone. */
export const CSV_COLUMNS = [
  'document',
  'path',
  'system',
  'code',
  'description',
  'billable',
  'chunkText',
  'evidence',
  'start',
  'end',
  'label',
  'assertion',
  'basis',
  'score',
  'coder',
  'decidedAt',
] as const

/** Renders a summary; CSV has a header row even with no codes, JSON is `{document, exportedAt, codes}`. */
export function renderSummary(summary: Summary, format: ExportFormat): string {
  return format === 'csv' ? renderCsv(summary) : `${JSON.stringify(summary, null, 2)}\n`
}

function renderCsv(summary: Summary): string {
  const { name, path } = summary.document
  const rows = summary.codes.map((code) => ({ document: name, path, ...code }))
  return stringify(rows, {
    header: true,
    columns: [...CSV_COLUMNS],
    cast: { boolean: (value) => (value ? 'true' : 'false') },
  })
}

/** A file name for the export: the note's name without its extension, e.g. "ed-knee.codes.csv". */
export function exportFileName(documentName: string, format: ExportFormat): string {
  const stem = documentName
    .replace(/^.*[\\/]/, '')
    .replace(/\.[^.]*$/, '')
    // Characters no file system accepts everywhere (Windows is the strictest).
    .replace(/[<>:"|?*\p{Cc}]/gu, '_')
    .trim()
  return `${stem || 'document'}.codes.${format}`
}
