// Reader of the CMS HCPCS Level II alpha-numeric workbook (HCPCyyyy_MON_ANWEB.xlsx) into a checked release (terminology layer).
// The workbook is read with read-excel-file; procedure/supply codes (RECID 3) are kept, modifiers (RECID 7) are not.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { readSheet, type SheetData } from 'read-excel-file/node'
import { CoderError } from '../../shared/errors'
import { checkRows, malformed, type ParsedRelease, type ReleaseRow } from './orderFile'
import { HCPCS, isCodeShape } from './systems'

const REQUIRED_COLUMNS = ['HCPC', 'RECID', 'LONG DESCRIPTION', 'SHORT DESCRIPTION', 'TERM DT']
const MONTHS = 'JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC'.split(' ')

/** What the workbook held besides the codes kept. */
export interface HcpcsCounts {
  readonly modifiers: number
  /** Codes whose TERM DT is on or before the release's effective date: no longer valid, left out. */
  readonly terminated: number
}

/** Reads the workbook's first sheet; throws E_RELEASE_MALFORMED naming the row for a bad one. */
export async function readHcpcsWorkbook(
  path: string,
): Promise<{ release: ParsedRelease; counts: HcpcsCounts }> {
  let bytes: Buffer
  try {
    bytes = readFileSync(path)
  } catch {
    throw new CoderError('E_FILE_NOT_FOUND', { path })
  }
  let data: SheetData
  try {
    data = await readSheet(bytes)
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error)
    throw malformed(path, 0, `it is not a readable xlsx workbook (${reason})`)
  }
  const [header = [], ...rows] = data
  const column = columnsOf(
    path,
    header.map((cell) => String(cell ?? '').trim()),
  )
  const cell = (row: readonly unknown[], name: string): string =>
    String(row[column.get(name) ?? -1] ?? '').trim()
  const effective = releaseDate(
    path,
    rows.map((row) => cell(row, 'ACT EFF DT')),
  )
  const kept: ReleaseRow[] = []
  let modifiers = 0
  let terminated = 0
  rows.forEach((row, index) => {
    const line = index + 2
    const recid = cell(row, 'RECID')
    if (recid === '7') {
      modifiers++
      return
    }
    if (recid !== '3')
      throw malformed(path, line, `RECID "${recid}" is neither 3 (code) nor 7 (modifier)`)
    const termDate = cell(row, 'TERM DT')
    if (termDate !== '' && termDate <= effective) {
      terminated++
      return
    }
    const code = cell(row, 'HCPC').toUpperCase()
    if (!isCodeShape(HCPCS, code))
      throw malformed(path, line, `code "${code}" is not an HCPCS Level II code`)
    const long = cell(row, 'LONG DESCRIPTION')
    if (long === '') throw malformed(path, line, `code ${code} has no long description`)
    kept.push({ code, billable: true, short: cell(row, 'SHORT DESCRIPTION') || long, long })
  })
  // Shapes were checked with their sheet row above; this finds duplicates.
  checkRows(path, kept, HCPCS)
  const { release, version } = releaseOf(path, effective)
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  return {
    release: { system: HCPCS, release, version, source: basename(path), sha256, rows: kept },
    counts: { modifiers, terminated },
  }
}

function columnsOf(path: string, header: readonly string[]): Map<string, number> {
  const columns = new Map(header.map((name, index) => [name, index]))
  const missing = REQUIRED_COLUMNS.filter((name) => !columns.has(name))
  if (missing.length > 0) {
    throw malformed(
      path,
      1,
      `the header lacks ${missing.join(', ')}: this is not the CMS HCPCS file`,
    )
  }
  return columns
}

// The latest effective date in the file (YYYYMMDD): the quarter the release takes effect.
function releaseDate(path: string, dates: readonly string[]): string {
  const valid = dates.filter((date) => /^\d{8}$/.test(date)).sort()
  const latest = valid[valid.length - 1]
  if (latest === undefined) throw malformed(path, 2, 'no ACT EFF DT holds a YYYYMMDD date')
  return latest
}

// HCPC2025_OCT_ANWEB.xlsx → release 2025-10; otherwise the latest effective month.
function releaseOf(path: string, effective: string): { release: string; version: string } {
  const match = /HCPC(\d{4})_([A-Z]{3})/i.exec(basename(path))
  const month = match === null ? -1 : MONTHS.indexOf((match[2] ?? '').toUpperCase())
  const release =
    match !== null && month >= 0
      ? `${match[1]}-${String(month + 1).padStart(2, '0')}`
      : `${effective.slice(0, 4)}-${effective.slice(4, 6)}`
  return {
    release,
    version: `${effective.slice(0, 4)}-${effective.slice(4, 6)}-${effective.slice(6)}`,
  }
}
