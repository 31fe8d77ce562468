// Reader of the LOINC table (Loinc.csv: quoted CSV with its header) into a checked release (terminology layer).
// Active and trial codes are kept, named by LONG_COMMON_NAME; the component and short name lead to them too.
import { basename, dirname } from 'node:path'
import { parse as parseCsv } from 'csv-parse/sync'
import type { IndexTerm } from './indexFiles'
import { malformed, readReleaseText, type ParsedRelease, type ReleaseRow } from './orderFile'
import { LOINC } from './systems'

/** A LOINC release with components and short names as index terms, and what was left out. */
export interface LoincRelease {
  readonly release: ParsedRelease
  readonly terms: readonly IndexTerm[]
  /** Codes left out by STATUS (DEPRECATED, DISCOURAGED). */
  readonly retired: number
}

interface CsvRecord {
  readonly record: string[]
  readonly info: { readonly lines: number }
}

const REQUIRED = ['LOINC_NUM', 'COMPONENT', 'LONG_COMMON_NAME', 'STATUS']
const KEPT_STATUS = new Set(['ACTIVE', 'TRIAL'])
const STATUSES = new Set([...KEPT_STATUS, 'DISCOURAGED', 'DEPRECATED'])
// A LOINC code: up to 7 digits, a dash and the check digit (2345-7).
const LOINC_NUM = /^\d{1,7}-\d$/

/** Reads Loinc.csv; throws E_RELEASE_MALFORMED naming the file and line for a bad row. */
export function readLoincCsv(path: string): LoincRelease {
  const { text, sha256 } = readReleaseText(path)
  let records: CsvRecord[]
  try {
    records = parseCsv(text, {
      info: true,
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as unknown as CsvRecord[]
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1
    throw malformed(path, line, `it is not valid CSV (${(error as Error).message.split('\n')[0]})`)
  }
  const [header, ...body] = records
  const column = new Map((header?.record ?? []).map((name, index) => [name.trim(), index]))
  const missing = REQUIRED.filter((name) => !column.has(name))
  if (missing.length > 0) {
    throw malformed(
      path,
      1,
      `the header lacks ${missing.join(', ')}: this is not LOINC's Loinc.csv`,
    )
  }
  const cell = (record: readonly string[], name: string): string =>
    (record[column.get(name) ?? -1] ?? '').trim()
  const rows: ReleaseRow[] = []
  const terms: IndexTerm[] = []
  const seen = new Set<string>()
  let retired = 0
  let latestVersion = ''
  const width = header?.record.length ?? 0
  for (const { record, info } of body) {
    if (record.length !== width) {
      throw malformed(
        path,
        info.lines,
        `a row has ${record.length} fields where the header has ${width}`,
      )
    }
    const code = cell(record, 'LOINC_NUM')
    const status = cell(record, 'STATUS')
    const name = cell(record, 'LONG_COMMON_NAME')
    if (!LOINC_NUM.test(code))
      throw malformed(path, info.lines, `LOINC_NUM "${code}" is not a LOINC code (2345-7)`)
    if (!STATUSES.has(status))
      throw malformed(path, info.lines, `STATUS "${status}" of ${code} is not a LOINC status`)
    if (seen.has(code)) throw malformed(path, info.lines, `code ${code} appears twice`)
    seen.add(code)
    latestVersion = laterVersion(latestVersion, cell(record, 'VersionLastChanged'))
    if (!KEPT_STATUS.has(status)) {
      retired++
      continue
    }
    if (name === '') throw malformed(path, info.lines, `code ${code} has no LONG_COMMON_NAME`)
    rows.push({ code, billable: true, short: cell(record, 'SHORTNAME') || name, long: name })
    const others = new Set([name.toLowerCase()])
    for (const other of [cell(record, 'SHORTNAME'), cell(record, 'COMPONENT')]) {
      if (other === '' || others.has(other.toLowerCase())) continue
      others.add(other.toLowerCase())
      terms.push({ code, kind: 'synonym', text: other })
    }
  }
  if (rows.length === 0) throw malformed(path, 2, 'it holds no ACTIVE or TRIAL codes')
  const version = versionOf(path, latestVersion)
  return {
    release: { system: LOINC, release: version, version, source: basename(path), sha256, rows },
    terms,
    retired,
  }
}

// The distribution folder names the version (Loinc_2.80/LoincTable/Loinc.csv); else the latest
// VersionLastChanged in the table, which is the release that last touched any code.
function versionOf(path: string, latestVersion: string): string {
  for (const dir of [dirname(path), dirname(dirname(path))]) {
    const match = /^Loinc_(\d+\.\d+)/i.exec(basename(dir))
    if (match?.[1] !== undefined) return match[1]
  }
  return latestVersion === '' ? 'unknown' : latestVersion
}

function laterVersion(a: string, b: string): string {
  if (!/^\d+\.\d+$/.test(b)) return a
  if (a === '') return b
  const [aMajor = 0, aMinor = 0] = a.split('.').map(Number)
  const [bMajor = 0, bMinor = 0] = b.split('.').map(Number)
  return bMajor > aMajor || (bMajor === aMajor && bMinor > aMinor) ? b : a
}
