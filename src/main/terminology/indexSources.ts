// The ICD-10-CM index and note files beside an order file, read together and brought to its release (terminology layer).
import { readdirSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { bringToRelease, readOrderAddenda, type IndexUpdateReport } from './addenda'
import { readIndexCsv, readIndexXml, type IndexTerm } from './indexFiles'
import type { ParsedRelease } from './orderFile'
import { readTabularNotes, type GuidanceNote } from './tabularNotes'

/** The index and note files of one ICD-10-CM release folder (any may be missing). */
export interface IndexSourceFiles {
  readonly indexCsv?: string
  readonly drugXml?: string
  readonly neoplasmXml?: string
  readonly externalXml?: string
  readonly notesJson?: string
  readonly orderAddenda?: string
}

const PATTERNS: Readonly<Record<keyof IndexSourceFiles, RegExp>> = {
  indexCsv: /_index\.csv(?:\.gz)?$/i,
  drugXml: /^icd10cm_drug_.*\.xml(?:\.gz)?$/i,
  neoplasmXml: /^icd10cm_neoplasm_.*\.xml(?:\.gz)?$/i,
  externalXml: /^icd10cm_eindex_.*\.xml(?:\.gz)?$/i,
  notesJson: /instructional_notes\.json(?:\.gz)?$/i,
  orderAddenda: /^icd10cm_order_addenda_.*\.txt$/i,
}

/** The index and note files in the folder of an ICD-10-CM order file. */
export function findIndexSources(orderFile: string): IndexSourceFiles {
  const folder = dirname(orderFile)
  const names = readdirSync(folder).sort()
  const found: Record<string, string> = {}
  for (const [key, pattern] of Object.entries(PATTERNS)) {
    const name = names.find((candidate) => pattern.test(candidate))
    if (name !== undefined) found[key] = join(folder, name)
  }
  return found as IndexSourceFiles
}

/** Index terms and guidance read from the sources, with what bringing the index to the release did. */
export interface IndexContent {
  readonly terms: readonly IndexTerm[]
  readonly notes: readonly GuidanceNote[]
  /** File names read. */
  readonly sources: readonly string[]
  /** The Alphabetic Index table's codes brought to the release (null without that table). */
  readonly indexUpdate: IndexUpdateReport | null
  /** Terms of the XML tables and notes whose code the release lacks (left out). */
  readonly unmappedOther: number
}

/** Reads every source present; the index table is brought to `release` with the order addenda. */
export function readIndexSources(files: IndexSourceFiles, release: ParsedRelease): IndexContent {
  const sources: string[] = []
  const note = (path: string | undefined): path is string => {
    if (path !== undefined) sources.push(basename(path))
    return path !== undefined
  }
  let indexUpdate: IndexUpdateReport | null = null
  const terms: IndexTerm[] = []
  if (note(files.indexCsv)) {
    const changes = note(files.orderAddenda) ? readOrderAddenda(files.orderAddenda) : []
    const brought = bringToRelease(readIndexCsv(files.indexCsv), release.rows, changes)
    terms.push(...brought.terms)
    indexUpdate = brought.report
  }
  const other: IndexTerm[] = []
  if (note(files.drugXml)) other.push(...readIndexXml(files.drugXml, 'drug'))
  if (note(files.neoplasmXml)) other.push(...readIndexXml(files.neoplasmXml, 'neoplasm'))
  if (note(files.externalXml)) other.push(...readIndexXml(files.externalXml, 'external'))
  let notes: GuidanceNote[] = []
  if (note(files.notesJson)) {
    const tabular = readTabularNotes(files.notesJson)
    other.push(...tabular.terms)
    notes = tabular.notes
  }
  const checked = bringToRelease(other, release.rows, [])
  terms.push(...checked.terms)
  return { terms, notes, sources, indexUpdate, unmappedOther: checked.report.unmapped }
}
