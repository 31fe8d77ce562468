// Reader of a custom code set as CSV (`code,description[,parent]`, header optional) into a checked release (terminology layer).
import { basename } from 'node:path'
import { parse as parseCsv } from 'csv-parse/sync'
import {
  malformed,
  readReleaseText,
  versionOf,
  type ParsedRelease,
  type ReleaseRow,
} from './orderFile'
import { isCodeShape } from './systems'

interface CsvRecord {
  readonly record: string[]
  readonly info: { readonly lines: number }
}

/**
 * Reads a custom CSV for the system `system` (already checked by requireCustomSystemName). The
 * release is named after the file (mycodes_2025.csv → mycodes_2025), so another file is another release.
 */
export function readCustomCsv(path: string, system: string): ParsedRelease {
  const { text, sha256 } = readReleaseText(path)
  let records: CsvRecord[]
  try {
    records = parseCsv(text, {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
    }) as unknown as CsvRecord[]
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1
    throw malformed(path, line, `it is not valid CSV (${(error as Error).message.split('\n')[0]})`)
  }
  const first = records[0]?.record.map((field) => field.toLowerCase())
  const hasHeader = first?.[0] === 'code' && first[1] === 'description'
  const body = hasHeader ? records.slice(1) : records
  if (body.length === 0) throw malformed(path, 1, 'it holds no codes')
  const rows = body.map(({ record, info }) => toRow(path, record, info.lines))
  checkCustomRows(
    path,
    rows,
    body.map(({ info }) => info.lines),
  )
  const name = basename(path)
    .replace(/\.gz$/i, '')
    .replace(/\.csv$/i, '')
  return { system, release: name, version: versionOf(path), source: basename(path), sha256, rows }
}

function toRow(path: string, record: readonly string[], line: number): ReleaseRow {
  if (record.length < 2 || record.length > 3) {
    throw malformed(
      path,
      line,
      `a row must have 2 or 3 fields (code,description[,parent]), not ${record.length}`,
    )
  }
  const [code = '', description = '', parent = ''] = record
  if (!isCodeShape('custom', code)) {
    throw malformed(
      path,
      line,
      `code "${code}" must be 1 to 40 characters without spaces or commas`,
    )
  }
  if (description === '') throw malformed(path, line, `code ${code} has no description`)
  return {
    code,
    billable: true,
    short: description,
    long: description,
    ...(parent === '' ? {} : { parent }),
  }
}

function checkCustomRows(
  path: string,
  rows: readonly ReleaseRow[],
  lines: readonly number[],
): void {
  const codes = new Set<string>()
  rows.forEach((row, index) => {
    if (codes.has(row.code))
      throw malformed(path, lines[index] ?? 0, `code ${row.code} appears twice`)
    codes.add(row.code)
  })
  rows.forEach((row, index) => {
    if (row.parent !== undefined && !codes.has(row.parent)) {
      throw malformed(
        path,
        lines[index] ?? 0,
        `parent ${row.parent} of ${row.code} is not a code of the file`,
      )
    }
  })
}
