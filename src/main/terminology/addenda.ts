// The ICD-10-CM order addenda (one year's changes) and bringing an older year's index codes to a release (terminology layer).
import type { IndexTerm } from './indexFiles'
import { malformed, readReleaseText, type ReleaseRow } from './orderFile'
import { undottedCode } from './systems'

/** One change line of an order addenda file; `code` undotted. */
export interface AddendaChange {
  readonly action: 'add' | 'delete' | 'revise-from' | 'revise-to'
  readonly code: string
  readonly billable: boolean
}

const ACTIONS: Readonly<Record<string, AddendaChange['action']>> = {
  'Add:': 'add',
  'Delete:': 'delete',
  'Revise from:': 'revise-from',
  'Revise to:': 'revise-to',
}

/** Reads `icd10cm_order_addenda_YYYY.txt`: 13-character action, valid flag, code; the summary lines are skipped. */
export function readOrderAddenda(path: string): AddendaChange[] {
  const { text } = readReleaseText(path)
  const changes: AddendaChange[] = []
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '')
    const action = ACTIONS[line.slice(0, 13).trim()]
    if (action === undefined) return
    const flag = line[13]
    const code = line.slice(15, 22).trim()
    if ((flag !== '0' && flag !== '1') || !/^[0-9A-Z]{3,7}$/.test(code)) {
      throw malformed(
        path,
        index + 1,
        'an addenda line must be: action (13 characters), valid flag, code',
      )
    }
    changes.push({ action, code, billable: flag === '1' })
  })
  return changes
}

/** What bringing index codes to a release did. */
export interface IndexUpdateReport {
  /** Terms whose code is in the release as it was. */
  readonly kept: number
  /** Terms whose complete code became a header (expanded by the addenda): now end in `-`. */
  readonly expanded: number
  /** Terms whose code is not in the release at all: left out. */
  readonly unmapped: number
}

/**
 * Brings index terms written for an earlier year to `rows` (the release): a code the addenda turned
 * from a valid code into a header gets a trailing `-` (more characters now needed); a code the release
 * lacks is left out and counted.
 */
export function bringToRelease(
  terms: readonly IndexTerm[],
  rows: readonly ReleaseRow[],
  changes: readonly AddendaChange[],
): { terms: IndexTerm[]; report: IndexUpdateReport } {
  const billable = new Map(rows.map((row) => [row.code, row.billable]))
  const expandedCodes = new Set(
    changes.filter((change) => change.action === 'delete' && change.billable).map((c) => c.code),
  )
  let kept = 0
  let expanded = 0
  let unmapped = 0
  const updated: IndexTerm[] = []
  for (const term of terms) {
    const isIncomplete = term.code.endsWith('-')
    const code = undottedCode(term.code.replace(/-$/, '').replace(/\.$/, ''))
    const valid = billable.get(code)
    if (valid === undefined) {
      unmapped++
      continue
    }
    if (!isIncomplete && !valid && expandedCodes.has(code)) {
      expanded++
      updated.push({ ...term, code: `${term.code}-` })
      continue
    }
    kept++
    updated.push(term)
  }
  return { terms: updated, report: { kept, expanded, unmapped } }
}
