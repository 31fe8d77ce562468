// Reader of an RxNorm release in RRF (RXNCONSO, RXNREL, RXNSAT: pipe-delimited, trailing pipe, no header) into a checked release (terminology layer).
// Only SAB=RXNORM rows that are not suppressed count; each concept is named by its most preferred term type.
import { existsSync, readdirSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import type { IndexTerm } from './indexFiles'
import { readLines } from './lineReader'
import { malformed, type ParsedRelease, type ReleaseRow } from './orderFile'
import { RXNORM } from './systems'

/** An RxNorm release with its other names (synonyms, NDCs) as index terms. */
export interface RxnormRelease {
  readonly release: ParsedRelease
  readonly terms: readonly IndexTerm[]
}

// Fields per line, counting the empty one after the trailing pipe (RxNorm Technical Documentation).
const FIELDS = { RXNCONSO: 19, RXNREL: 17, RXNSAT: 14 } as const
type RrfFile = keyof typeof FIELDS

// Term types, most preferred first, for the concept's name: clinical and branded drugs and packs,
// their components and forms, ingredients and brand names; synonyms and prescribable names last.
const TTY_PREFERENCE = [
  'SCD', 'SBD', 'GPCK', 'BPCK', 'SCDC', 'SBDC', 'SCDF', 'SBDF', 'SCDFP', 'SBDFP', 'SCDG', 'SBDG',
  'SCDGP', 'IN', 'PIN', 'MIN', 'BN', 'DF', 'DFG', 'PSN', 'SY', 'TMSY', 'ET',
] // prettier-ignore
// RXNREL reads "RXCUI2 RELA RXCUI1" (the relationship of the second concept to the first, as in
// the UMLS); these make RXCUI1 a broader concept (parent) of RXCUI2.
const PARENT_RELAS = new Set(['isa', 'tradename_of', 'consists_of', 'has_ingredient'])
// SUPPRESS: N is current; O (obsolete), Y (suppressed by editors) and E (by end users) are not.
const CURRENT = 'N'

interface Name {
  readonly tty: string
  readonly text: string
}

/** Reads RXNCONSO.RRF (`path`) with RXNREL.RRF and RXNSAT.RRF when present beside it. */
export function readRxnorm(path: string): RxnormRelease {
  const folder = dirname(path)
  const names = new Map<string, Name[]>()
  const conso = fileName(folder, 'RXNCONSO')
  if (conso === null)
    throw malformed(path, 1, 'no RXNCONSO.RRF is beside it: import the rrf folder')
  const sha256 = readRrf(join(folder, conso), 'RXNCONSO', (f) => {
    const [rxcui = '', lat, , , , , , , , , , sab, tty = '', , text = '', , suppress] = f
    if (sab !== 'RXNORM' || lat !== 'ENG' || suppress !== CURRENT || text.trim() === '') return
    const list = names.get(rxcui) ?? []
    list.push({ tty, text: text.trim() })
    names.set(rxcui, list)
  })
  if (names.size === 0) throw malformed(path, 1, 'it holds no current SAB=RXNORM English names')
  const parents = readParents(folder, names)
  const ndcs = readNdcs(folder, names)
  const rows: ReleaseRow[] = []
  const terms: IndexTerm[] = []
  for (const [rxcui, list] of names) {
    const ranked = [...list].sort((a, b) => rank(a.tty) - rank(b.tty))
    const name = ranked[0] as Name
    rows.push({
      code: rxcui,
      billable: true,
      short: name.text,
      long: name.text,
      parents: parents.get(rxcui) ?? [],
    })
    const seen = new Set([name.text.toLowerCase()])
    for (const other of ranked.slice(1)) {
      if (seen.has(other.text.toLowerCase())) continue
      seen.add(other.text.toLowerCase())
      terms.push({ code: rxcui, kind: 'synonym', text: other.text })
    }
    for (const ndc of ndcs.get(rxcui) ?? [])
      terms.push({ code: rxcui, kind: 'synonym', text: `NDC ${ndc}` })
  }
  const { release, version } = releaseOf(folder)
  return {
    release: { system: RXNORM, release, version, source: 'RXNCONSO.RRF', sha256, rows },
    terms,
  }
}

function rank(tty: string): number {
  const index = TTY_PREFERENCE.indexOf(tty)
  return index < 0 ? TTY_PREFERENCE.length : index
}

function readParents(folder: string, names: ReadonlyMap<string, Name[]>): Map<string, string[]> {
  const parents = new Map<string, string[]>()
  const name = fileName(folder, 'RXNREL')
  if (name === null) return parents
  readRrf(join(folder, name), 'RXNREL', (f) => {
    const [rxcui1 = '', , , , rxcui2 = '', , , rela = '', , , sab, , , , suppress] = f
    if (sab !== 'RXNORM' || suppress === 'O' || suppress === 'Y' || suppress === 'E') return
    if (!PARENT_RELAS.has(rela) || !names.has(rxcui1) || !names.has(rxcui2) || rxcui1 === rxcui2)
      return
    const list = parents.get(rxcui2) ?? []
    if (!list.includes(rxcui1)) list.push(rxcui1)
    parents.set(rxcui2, list)
  })
  return parents
}

// National Drug Codes (ATN=NDC, SAB=RXNORM) let a coder find a drug by the code on its package.
function readNdcs(folder: string, names: ReadonlyMap<string, Name[]>): Map<string, string[]> {
  const ndcs = new Map<string, string[]>()
  const name = fileName(folder, 'RXNSAT')
  if (name === null) return ndcs
  readRrf(join(folder, name), 'RXNSAT', (f) => {
    const [rxcui = '', , , , , , , , atn, sab, atv = '', suppress] = f
    if (atn !== 'NDC' || sab !== 'RXNORM' || suppress !== CURRENT || !names.has(rxcui)) return
    const list = ndcs.get(rxcui) ?? []
    if (!list.includes(atv)) list.push(atv)
    ndcs.set(rxcui, list)
  })
  return ndcs
}

// Checks every line's shape (field count, trailing pipe, numeric RXCUI) before handing it on.
function readRrf(path: string, file: RrfFile, onRow: (fields: string[]) => void): string {
  return readLines(path, (line, lineNumber) => {
    if (line === '') return
    const fields = line.split('|')
    const pipes = fields.length - 1
    if (pipes !== FIELDS[file] - 1 || !line.endsWith('|')) {
      const trailing = line.endsWith('|') ? '' : ' and no trailing pipe'
      const reason = `an ${file} line has ${FIELDS[file] - 1} fields, each ending in a pipe; this one has ${pipes} pipes${trailing}`
      throw malformed(path, lineNumber, reason)
    }
    const rxcui = fields[0] ?? ''
    if (!/^\d{1,8}$/.test(rxcui))
      throw malformed(path, lineNumber, `RXCUI "${rxcui}" is not a number`)
    onRow(fields)
  })
}

// Release files are upper case in the official zip; accept them in any case.
function fileName(folder: string, stem: string): string | null {
  const wanted = `${stem}.RRF`.toLowerCase()
  return readdirSync(folder).find((name) => name.toLowerCase() === wanted) ?? null
}

// The release folder is named RxNorm_full_MMDDYYYY (or _prescribe_, _weekly_); the RRF files
// sit in its rrf/ folder. Its date is the release: 2025-03-03.
function releaseOf(folder: string): { release: string; version: string } {
  for (const dir of [folder, resolve(folder, '..')]) {
    const match = /RxNorm_([a-z]+)_(\d{2})(\d{2})(\d{4})/i.exec(basename(dir))
    if (match !== null && existsSync(dir)) {
      const [, kind = '', month, day, year] = match
      const version = `${year}-${month}-${day}`
      return { release: `${kind.toLowerCase()}-${version}`, version }
    }
  }
  return { release: 'unknown', version: 'unknown' }
}
