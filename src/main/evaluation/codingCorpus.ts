// The CodiEsp coding corpus: its English notes and each note's gold diagnosis or procedure codes,
// per split, read strictly from a folder laid out like ../shared/datasets/codiesp (evaluation layer).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { CoderError } from '../../shared/errors'
import type { EvalSplit } from './corpora'

export const CODING_CORPORA = ['codiesp'] as const
export type CodingCorpus = (typeof CODING_CORPORA)[number]

export const CODING_KINDS = ['diagnosis', 'procedure'] as const
export type CodingKind = (typeof CODING_KINDS)[number]

/** One English note and its distinct gold codes (normalized by `normalizeCode`, file order). */
export interface CodingDocument {
  /** The article id, e.g. S0004-06142005000900016-1. */
  readonly id: string
  readonly split: string
  /** Absolute path of `{split}/text_files_en/<id>.txt`. */
  readonly path: string
  /** Empty when the note has no code of the kind (many notes have no procedure). */
  readonly gold: readonly string[]
}

export interface CodingSet {
  readonly documents: readonly CodingDocument[]
  /** The gold files read, relative to the data folder (dev/devD.tsv). */
  readonly files: readonly string[]
}

const SPLITS = ['train', 'dev', 'test'] as const
const KIND_LETTER: Readonly<Record<CodingKind, string>> = { diagnosis: 'D', procedure: 'P' }
const TEXT_FOLDER = 'text_files_en'
// ICD-10-CM as CodiEsp writes it: a category, optionally a dot and 1–4 more characters.
const DIAGNOSIS_CODE = /^[a-z]\d[0-9a-z](\.[0-9a-z]{1,4})?$/
// ICD-10-PCS: 7 characters, or the 4-character prefix CodiEsp uses when the note says no more.
const PROCEDURE_CODE = /^[0-9a-z]{4}([0-9a-z]{3})?$/

/**
 * The official scripts' code normalization: lower case, nothing else (the dot stays), so the
 * product's `M25.562` matches the gold `m25.562`. Surrounding blanks are dropped too.
 */
export function normalizeCode(code: string): string {
  return code.trim().toLowerCase()
}

/**
 * The notes of `split` (all: every split folder with both its gold file and its notes) with their
 * gold `kind` codes. Every note of `{split}/text_files_en` is a document, with or without codes.
 * Throws E_FILE_NOT_FOUND (no folder), E_DATASET_EMPTY (no split found, or no notes) and
 * E_DATASET_MALFORMED (a bad line, or a code for an article that has no note), naming file and line.
 */
export function readCodiesp(dataDir: string, split: EvalSplit, kind: CodingKind): CodingSet {
  if (!existsSync(dataDir)) throw new CoderError('E_FILE_NOT_FOUND', { path: dataDir })
  const wanted = split === 'all' ? SPLITS.filter((s) => hasSplit(dataDir, s, kind)) : [split]
  if (wanted.length === 0 || !wanted.every((s) => hasSplit(dataDir, s, kind))) {
    throw emptySplit(dataDir, split, kind)
  }
  const documents: CodingDocument[] = []
  const seen = new Set<string>()
  for (const name of wanted) {
    for (const document of readSplit(dataDir, name, kind)) {
      if (seen.has(document.id)) {
        const reason = `article ${document.id} is in two splits`
        throw new CoderError('E_DATASET_MALFORMED', {
          path: document.path,
          where: 'its name',
          reason,
        })
      }
      seen.add(document.id)
      documents.push(document)
    }
  }
  return { documents, files: wanted.map((name) => join(name, goldFileName(name, kind))) }
}

function readSplit(dataDir: string, split: string, kind: CodingKind): CodingDocument[] {
  const textDir = join(dataDir, split, TEXT_FOLDER)
  const ids = readdirSync(textDir)
    .filter((name) => name.endsWith('.txt') && statSync(join(textDir, name)).isFile())
    .map((name) => name.slice(0, -'.txt'.length))
    .sort()
  if (ids.length === 0) throw emptySplit(dataDir, split, kind)
  const goldPath = join(dataDir, split, goldFileName(split, kind))
  const gold = readGoldCodes(goldPath, kind)
  const known = new Set(ids)
  for (const [id, entry] of gold) {
    if (!known.has(id)) {
      const reason = `article ${id} has no note ${relative(dataDir, join(textDir, `${id}.txt`))}`
      throw new CoderError('E_DATASET_MALFORMED', { path: goldPath, where: entry.where, reason })
    }
  }
  return ids.map((id) => ({
    id,
    split,
    path: join(textDir, `${id}.txt`),
    gold: gold.get(id)?.codes ?? [],
  }))
}

export interface GoldEntry {
  /** Distinct normalized codes, in file order. */
  readonly codes: string[]
  /** Where the article is first named, for errors. */
  readonly where: string
}

/**
 * A CodiEsp D or P file: `articleID<TAB>code` per line, no header, blank lines ignored; codes are
 * normalized and deduplicated per article (the official scripts drop repeats too).
 */
export function readGoldCodes(path: string, kind: CodingKind): Map<string, GoldEntry> {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '')
  const byId = new Map<string, GoldEntry>()
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return
    const where = `line ${index + 1}`
    const { id, code } = parseGoldLine(line, kind, path, where)
    const entry = byId.get(id) ?? { codes: [], where }
    if (!entry.codes.includes(code)) entry.codes.push(code)
    byId.set(id, entry)
  })
  return byId
}

function parseGoldLine(
  line: string,
  kind: CodingKind,
  path: string,
  where: string,
): { id: string; code: string } {
  const fields = line.split('\t')
  const malformed = (reason: string) =>
    new CoderError('E_DATASET_MALFORMED', { path, where, reason })
  if (fields.length !== 2) {
    throw malformed(`expected 2 tab-separated fields (articleID, code), found ${fields.length}`)
  }
  const id = (fields[0] ?? '').trim()
  const code = normalizeCode(fields[1] ?? '')
  if (id === '') throw malformed('the article id is empty')
  const shape = kind === 'diagnosis' ? DIAGNOSIS_CODE : PROCEDURE_CODE
  if (!shape.test(code)) {
    const expected =
      kind === 'diagnosis'
        ? 'an ICD-10-CM code such as n44.8'
        : 'an ICD-10-PCS code of 7 characters or a 4-character prefix'
    throw malformed(`"${fields[1] ?? ''}" is not ${expected}`)
  }
  return { id, code }
}

function goldFileName(split: string, kind: CodingKind): string {
  return `${split}${KIND_LETTER[kind]}.tsv`
}

function hasSplit(dataDir: string, split: string, kind: CodingKind): boolean {
  return (
    existsSync(join(dataDir, split, goldFileName(split, kind))) &&
    existsSync(join(dataDir, split, TEXT_FOLDER))
  )
}

function emptySplit(dataDir: string, split: string, kind: CodingKind): CoderError {
  const letter = KIND_LETTER[kind]
  const expected =
    split === 'all'
      ? `SPLIT/SPLIT${letter}.tsv with SPLIT/${TEXT_FOLDER}/*.txt, SPLIT being train, dev or test`
      : `${split}/${goldFileName(split, kind)} with ${split}/${TEXT_FOLDER}/*.txt`
  return new CoderError('E_DATASET_EMPTY', {
    path: dataDir,
    corpus: 'codiesp',
    split,
    expected,
    folder: 'codiesp',
  })
}
