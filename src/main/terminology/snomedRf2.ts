// Reader of a SNOMED CT RF2 Snapshot (concept, English description, relationship files) into a checked release (terminology layer).
// Per id the row with the latest effectiveTime counts, and only if active; is-a relationships give the parents.
import { readdirSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { IndexTerm } from './indexFiles'
import { readLines } from './lineReader'
import { malformed, type ParsedRelease, type ReleaseRow } from './orderFile'
import { SNOMED_CT } from './systems'

/** A SNOMED CT release with its synonyms as index terms. */
export interface SnomedRelease {
  readonly release: ParsedRelease
  readonly terms: readonly IndexTerm[]
  /** INT for the International Edition, else the national edition's code (US1000124, GB1000000…). */
  readonly edition: string
}

export const FSN_TYPE = '900000000000003001'
export const SYNONYM_TYPE = '900000000000013009'
export const IS_A = '116680003'

const HEADERS = {
  concept: ['id', 'effectiveTime', 'active', 'moduleId', 'definitionStatusId'],
  description: [
    'id',
    'effectiveTime',
    'active',
    'moduleId',
    'conceptId',
    'languageCode',
    'typeId',
    'term',
    'caseSignificanceId',
  ],
  relationship: [
    'id',
    'effectiveTime',
    'active',
    'moduleId',
    'sourceId',
    'destinationId',
    'relationshipGroup',
    'typeId',
    'characteristicTypeId',
    'modifierId',
  ],
} as const

type FileKind = keyof typeof HEADERS

// sct2_Concept_Snapshot_INT_20250101.txt, sct2_Concept_Snapshot_US1000124_20250301.txt; some
// national editions put a tag before Snapshot (sct2_Concept_UKCLSnapshot_GB1000000_20250101.txt).
const FILE_NAME =
  /^sct2_(Concept|Description|Relationship)_([A-Za-z]*)Snapshot(-[a-z]{2})?_([A-Z]{2,3}\d*)_(\d{8})\.txt$/
const SCTID = /^\d{6,18}$/

/** Reads the Snapshot whose concept file (or any of its three files) is `path`; the others are found beside it. */
export function readSnomedSnapshot(path: string): SnomedRelease {
  const files = snapshotFiles(path)
  const conceptName = FILE_NAME.exec(basename(files.concept))
  const edition = conceptName?.[4] ?? 'INT'
  const date = conceptName?.[5] ?? ''
  const concepts = latestRows(files.concept, 'concept')
  const activeRows = [...concepts.rows.values()].filter((row) => row.active)
  const active = new Set(activeRows.map((row) => row.fields[0] as string))
  const names = conceptNames(files.description, active)
  const parents = isaParents(files.relationship, active)
  const rows: ReleaseRow[] = []
  const terms: IndexTerm[] = []
  for (const { fields, line } of activeRows) {
    const id = fields[0] as string
    const name = names.get(id)
    if (name?.fsn === undefined) {
      const reason = `active concept ${id} has no active English FSN in ${basename(files.description)}`
      throw malformed(files.concept, line, reason)
    }
    const short = name.fsn.replace(/\s*\([^()]*\)$/, '')
    rows.push({ code: id, billable: true, short, long: name.fsn, parents: parents.get(id) ?? [] })
    for (const text of name.synonyms) {
      if (text.toLowerCase() !== short.toLowerCase())
        terms.push({ code: id, kind: 'synonym', text })
    }
  }
  const release = `${edition}_${date}`
  const version =
    date === '' ? 'unknown' : `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6)}`
  return {
    release: {
      system: SNOMED_CT,
      release,
      version,
      source: basename(files.concept),
      sha256: concepts.sha256,
      rows,
    },
    terms,
    edition,
  }
}

interface Rf2Row {
  readonly effectiveTime: string
  readonly active: boolean
  readonly fields: readonly string[]
  readonly line: number
}

// Every row checked; per id the latest effectiveTime wins (a Snapshot holds one, a Full file many).
function latestRows(path: string, kind: FileKind): { rows: Map<string, Rf2Row>; sha256: string } {
  const header = HEADERS[kind]
  const latest = new Map<string, Rf2Row>()
  const sha256 = readLines(path, (line, lineNumber) => {
    if (lineNumber === 1) {
      if (line !== header.join('\t')) {
        throw malformed(path, 1, `the header must be the RF2 ${kind} header (${header.join(', ')})`)
      }
      return
    }
    if (line === '') return
    const fields = line.split('\t')
    checkRow(path, lineNumber, kind, fields)
    const id = fields[0] as string
    const effectiveTime = fields[1] as string
    const previous = latest.get(id)
    if (previous === undefined || previous.effectiveTime < effectiveTime) {
      latest.set(id, { effectiveTime, active: fields[2] === '1', fields, line: lineNumber })
    }
  })
  return { rows: latest, sha256 }
}

function checkRow(path: string, line: number, kind: FileKind, fields: readonly string[]): void {
  const expected = HEADERS[kind].length
  if (fields.length !== expected) {
    throw malformed(
      path,
      line,
      `an RF2 ${kind} row has ${expected} tab-separated fields, not ${fields.length}`,
    )
  }
  const [id = '', effectiveTime = '', active = ''] = fields
  if (!/^[0-9a-f-]{6,36}$/i.test(id)) throw malformed(path, line, `id "${id}" is not an RF2 id`)
  if (!/^\d{8}$/.test(effectiveTime)) {
    throw malformed(path, line, `effectiveTime "${effectiveTime}" is not YYYYMMDD`)
  }
  if (active !== '0' && active !== '1')
    throw malformed(path, line, `active "${active}" is neither 0 nor 1`)
  const concepts =
    kind === 'concept' ? [id] : kind === 'description' ? [fields[4]] : [fields[4], fields[5]]
  const bad = concepts.find((value) => !SCTID.test(value ?? ''))
  if (bad !== undefined) throw malformed(path, line, `"${bad}" is not a SNOMED CT concept id`)
}

interface ConceptNames {
  fsn?: string
  readonly synonyms: string[]
}

function conceptNames(path: string, active: ReadonlySet<string>): Map<string, ConceptNames> {
  const names = new Map<string, ConceptNames>()
  for (const row of latestRows(path, 'description').rows.values()) {
    const [, , , , conceptId = '', language, typeId, term = ''] = row.fields
    if (!row.active || language !== 'en' || !active.has(conceptId)) continue
    const entry = names.get(conceptId) ?? { synonyms: [] }
    if (typeId === FSN_TYPE) entry.fsn = term.trim()
    else if (typeId === SYNONYM_TYPE && term.trim() !== '') entry.synonyms.push(term.trim())
    names.set(conceptId, entry)
  }
  return names
}

function isaParents(path: string, active: ReadonlySet<string>): Map<string, string[]> {
  const parents = new Map<string, string[]>()
  for (const row of latestRows(path, 'relationship').rows.values()) {
    const [, , , , source = '', destination = '', , typeId] = row.fields
    if (!row.active || typeId !== IS_A || !active.has(source) || !active.has(destination)) continue
    const list = parents.get(source) ?? []
    if (!list.includes(destination)) list.push(destination)
    parents.set(source, list)
  }
  return parents
}

// The three Snapshot files of one release, found in the folder of the one given.
function snapshotFiles(path: string): Record<FileKind, string> {
  const folder = dirname(path)
  const given = FILE_NAME.exec(basename(path))
  const suffix = given === null ? null : `${given[4]}_${given[5]}.txt`
  const names = readdirSync(folder)
  const find = (kind: FileKind, label: string): string => {
    const file = names.find((name) => {
      const match = FILE_NAME.exec(name)
      if (match === null || match[1]?.toLowerCase() !== kind) return false
      if (kind === 'description' && match[3] !== '-en') return false
      return suffix === null || name.endsWith(suffix)
    })
    if (file === undefined) {
      throw malformed(
        path,
        1,
        `no ${label} file of the same release is beside it: import the Snapshot/Terminology folder`,
      )
    }
    return join(folder, file)
  }
  return {
    concept: given === null ? path : find('concept', 'sct2_Concept_Snapshot'),
    description: find('description', 'sct2_Description_Snapshot-en'),
    relationship: find('relationship', 'sct2_Relationship_Snapshot'),
  }
}
