// Reader of the CMS ICD-10-CM / ICD-10-PCS order files (fixed-width, CRLF, plain or gzip) (terminology layer).
// Everything is validated before anything is written, so a bad file never reaches the index.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { CoderError } from '../../shared/errors'
import { ICD10CM, ICD10PCS, isCodeShape, requireSystem, type KnownSystem } from './systems'

/** One parsed line of an order file; `code` is undotted, as the file writes it. */
export interface OrderLine {
  readonly order: number
  readonly code: string
  readonly billable: boolean
  readonly short: string
  readonly long: string
}

/** A code of a release, ready for the index. */
export interface ReleaseRow {
  /** Undotted, upper case (M25562, 0DTJ4ZZ). */
  readonly code: string
  readonly billable: boolean
  readonly short: string
  readonly long: string
  /** The parent code (undotted), for systems whose hierarchy is not in the code itself (custom CSV). */
  readonly parent?: string
  /** All parent codes, for a polyhierarchy (HPO, SNOMED CT is-a); used instead of `parent` when given. */
  readonly parents?: readonly string[]
}

/** A whole release file, checked line by line. */
export interface ParsedRelease {
  /** A built-in system name, or a custom system's name. */
  readonly system: string
  readonly release: string
  readonly version: string
  /** File name of the source, without its folder. */
  readonly source: string
  /** SHA-256 of the decompressed bytes (the figure CMS and SOURCE.md publish). */
  readonly sha256: string
  readonly rows: readonly ReleaseRow[]
}

/** A line that does not follow the layout; the file reader adds the path and line number. */
export class MalformedLine extends Error {}

const GZIP_MAGIC = [0x1f, 0x8b]
const FIRST_LONG_TITLE_INDEX = 77

/** Parses one order-file line (without its line end), or throws MalformedLine saying why. */
export function parseOrderLine(line: string): OrderLine {
  if (line.length <= FIRST_LONG_TITLE_INDEX) {
    throw new MalformedLine(
      `the line has ${line.length} characters, fewer than the 78 of the layout`,
    )
  }
  const blanks = [5, 13, 15, 76]
  if (blanks.some((index) => line[index] !== ' ')) {
    throw new MalformedLine('the fields are not where the fixed-width layout puts them')
  }
  const orderText = line.slice(0, 5)
  if (!/^\d{5}$/.test(orderText))
    throw new MalformedLine(`order number "${orderText}" is not 5 digits`)
  const code = line.slice(6, 13).trimEnd()
  if (!/^[0-9A-Z]{3,7}$/.test(code))
    throw new MalformedLine(`code "${code}" is not 3 to 7 letters or digits`)
  const flag = line[14]
  if (flag !== '0' && flag !== '1')
    throw new MalformedLine(`valid flag "${flag}" is neither 0 nor 1`)
  const short = line.slice(16, 76).trim()
  const long = line.slice(FIRST_LONG_TITLE_INDEX).trim()
  if (short === '' || long === '') throw new MalformedLine(`code ${code} has an empty title`)
  return { order: Number(orderText), code, billable: flag === '1', short, long }
}

/** Reads a release file's bytes as text: gunzips when gzip, refuses anything but UTF-8/ASCII. */
export function readReleaseText(path: string): { text: string; sha256: string } {
  let bytes: Buffer
  try {
    bytes = readFileSync(path)
  } catch {
    throw new CoderError('E_FILE_NOT_FOUND', { path })
  }
  if (bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1]) {
    try {
      bytes = gunzipSync(bytes)
    } catch {
      throw malformed(path, 0, 'the gzip data is truncated or corrupt')
    }
  }
  if (bytes.length === 0) throw malformed(path, 1, 'the file is empty')
  const nul = bytes.indexOf(0)
  if (nul >= 0) {
    throw malformed(
      path,
      lineAt(bytes, nul),
      'it holds NUL bytes (UTF-16 or binary, not ASCII text)',
    )
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    throw malformed(path, firstBadUtf8Line(bytes), 'it is not ASCII or UTF-8 text')
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  return { text, sha256 }
}

/** Parses and checks a whole order file; `systemName` overrides detection from the codes. */
export function parseOrderFile(path: string, systemName?: string): ParsedRelease {
  const { text, sha256 } = readReleaseText(path)
  if (!text.endsWith('\n')) {
    throw malformed(
      path,
      countLines(text),
      'the last line has no line end: the file looks truncated',
    )
  }
  const lines = text.slice(0, -1).split('\n')
  const parsed = lines.map((raw, index) => parseLineAt(path, raw, index + 1))
  const system = systemName === undefined ? detectSystem(parsed) : requireSystem(systemName)
  checkLines(path, parsed, system)
  const version = versionOf(path)
  return {
    system,
    release: version === 'unknown' ? 'unknown' : `FY${version}`,
    version,
    source: basename(path),
    sha256,
    rows: parsed.map(({ code, billable, short, long }) => ({ code, billable, short, long })),
  }
}

// Official order files: icd10cm_order_2026.txt, icd10pcs_order_2026.txt(.gz); not the addenda.
// The HCPCS workbook: HCPC2025_OCT_ANWEB.xlsx. ICD-10-CM index files come with their order file.
const ORDER_FILE_NAME = /order.*\.txt(?:\.gz)?$/i
const HCPCS_FILE_NAME = /^HCPC.*\.xlsx$/i
// The file that stands for a whole release of the other formats; the reader finds its siblings.
const FORMAT_FILE_NAMES = [
  /^hp\.json(?:\.gz)?$/i,
  /^sct2_Concept_Snapshot.*\.txt$/i,
  /^RXNCONSO\.RRF$/i,
  /^Loinc\.csv$/i,
]

function isReleaseFileName(name: string): boolean {
  return (
    (ORDER_FILE_NAME.test(name) && !/addenda/i.test(name)) ||
    HCPCS_FILE_NAME.test(name) ||
    FORMAT_FILE_NAMES.some((pattern) => pattern.test(name))
  )
}

/** The release files under a folder (recursively, sorted), or the path itself when it is a file. */
export function findReleaseFiles(path: string): string[] {
  let isFolder: boolean
  try {
    isFolder = statSync(path).isDirectory()
  } catch {
    throw new CoderError('E_FILE_NOT_FOUND', { path })
  }
  if (!isFolder) return [path]
  const found = readdirSync(path, { recursive: true, encoding: 'utf8' })
    .filter((name) => isReleaseFileName(basename(name)))
    .map((name) => join(path, name))
    .sort()
  if (found.length === 0) throw new CoderError('E_RELEASE_NONE', { path })
  return found
}

/** CM codes all start with a letter; most PCS codes start with a digit. */
export function detectSystem(lines: readonly Pick<OrderLine, 'code'>[]): KnownSystem {
  return lines.some((line) => /^[0-9]/.test(line.code)) ? ICD10PCS : ICD10CM
}

/** The 4-digit year in a release file's name (icd10cm_order_2026.txt → 2026), or 'unknown'. */
export function versionOf(path: string): string {
  const match = /(?:^|[^0-9])(20\d\d)(?:[^0-9]|$)/.exec(basename(path))
  return match?.[1] ?? 'unknown'
}

function parseLineAt(path: string, raw: string, lineNumber: number): OrderLine {
  const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
  try {
    return parseOrderLine(lineNumber === 1 ? line.replace(/^\uFEFF/, '') : line)
  } catch (error) {
    if (error instanceof MalformedLine) throw malformed(path, lineNumber, error.message)
    throw error
  }
}

function checkLines(path: string, lines: readonly OrderLine[], system: KnownSystem): void {
  lines.forEach((line, index) => {
    if (line.order !== index + 1) {
      const reason = `order number ${line.order} where ${index + 1} was expected (a line is missing or out of order)`
      throw malformed(path, index + 1, reason)
    }
  })
  checkRows(path, lines, system)
}

/** Checks codes against their system: shape, PCS header length, no duplicates (row i is line i+1). */
export function checkRows(path: string, rows: readonly ReleaseRow[], system: string): void {
  const seen = new Set<string>()
  rows.forEach((row, index) => {
    const lineNumber = index + 1
    if (!isCodeShape(system, row.code)) {
      throw malformed(path, lineNumber, `code ${row.code} is not an ${system} code`)
    }
    if (system === ICD10PCS && row.billable !== (row.code.length === 7)) {
      throw malformed(
        path,
        lineNumber,
        `PCS code ${row.code} must be 7 characters if valid, 3 if a header`,
      )
    }
    if (seen.has(row.code)) throw malformed(path, lineNumber, `code ${row.code} appears twice`)
    seen.add(row.code)
  })
}

/** The catalogue error for a release file that breaks its layout. */
export function malformed(path: string, line: number, reason: string): CoderError {
  return new CoderError('E_RELEASE_MALFORMED', { path, line, reason })
}

function lineAt(bytes: Buffer, offset: number): number {
  let line = 1
  for (let index = 0; index < offset; index++) if (bytes[index] === 0x0a) line++
  return line
}

function firstBadUtf8Line(bytes: Buffer): number {
  const firstHigh = bytes.findIndex((byte) => byte > 0x7f)
  return firstHigh < 0 ? 1 : lineAt(bytes, firstHigh)
}

function countLines(text: string): number {
  return text.split('\n').length
}
