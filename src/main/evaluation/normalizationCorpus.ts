// The PGR phenotype mentions with their gold HPO ids, per split, for normalization accuracy (evaluation layer).
// PGR has no dev split: train/dev divide the training abstracts by PMID; test is a folder's test.tsv.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { basename, join, relative } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { CoderError } from '../../shared/errors'
import type { EvalSplit } from './corpora'

export const NORMALIZATION_CORPORA = ['pgr'] as const
export type NormalizationCorpus = (typeof NORMALIZATION_CORPORA)[number]

/** One phenotype mention: its text in the sentence and the HPO id the corpus gives it. */
export interface NormalizationMention {
  /** The abstract's PMID. */
  readonly doc: string
  readonly text: string
  /** HP:0002664 (the corpus writes HP_0002664). */
  readonly gold: string
}

/** The mentions of a split, and how many were left out because their abstract is withheld. */
export interface NormalizationSet {
  readonly mentions: readonly NormalizationMention[]
  readonly withheldMentions: number
  readonly files: readonly string[]
}

const WITHHELD_FILE = 'WITHHELD_TEST_PMIDS.txt'
const SPLIT_FILE = /^(train|test)\.tsv(?:\.gz)?$/
const REQUIRED = [
  'FILE_ID',
  'SENTENCE',
  'PHENOTYPE',
  'PHENOTYPE_ID',
  'PHENOTYPE_START_POSITION',
  'PHENOTYPE_END_POSITION',
]

/**
 * True for an abstract of the dev split: PMIDs ending in 0 or 1 (about a fifth of the training
 * abstracts), a fixed rule so every run and every tool splits alike.
 */
export function isDevDocument(pmid: string): boolean {
  return /[01]$/.test(pmid)
}

/**
 * The distinct phenotype mentions (abstract, sentence, offsets) of `split` under `dataDir`:
 * train/dev from every train.tsv(.gz), without the abstracts listed in WITHHELD_TEST_PMIDS.txt or
 * present in a test.tsv; test from every test.tsv; all from both. E_DATASET_EMPTY when none.
 */
export function readPgrMentions(dataDir: string, split: EvalSplit): NormalizationSet {
  const files = splitFiles(dataDir)
  const isTraining = split === 'train' || split === 'dev'
  const wanted = files.filter((file) => {
    const kind = SPLIT_FILE.exec(basename(file))?.[1]
    return split === 'all' || (isTraining ? kind === 'train' : kind === split)
  })
  const withheld = isTraining ? withheldDocuments(dataDir, files) : new Set<string>()
  const seen = new Set<string>()
  const mentions: NormalizationMention[] = []
  let withheldMentions = 0
  for (const file of wanted) {
    for (const row of readPgrFile(file)) {
      if (seen.has(row.key)) continue
      seen.add(row.key)
      if (withheld.has(row.mention.doc)) {
        withheldMentions++
        continue
      }
      if (isTraining && isDevDocument(row.mention.doc) !== (split === 'dev')) continue
      mentions.push(row.mention)
    }
  }
  if (mentions.length === 0) {
    throw new CoderError('E_DATASET_EMPTY', {
      path: dataDir,
      corpus: 'pgr',
      split,
      expected: split === 'test' ? '*/test.tsv' : '*/train.tsv or */train.tsv.gz',
      folder: 'pgr',
    })
  }
  return { mentions, withheldMentions, files: wanted.map((file) => relative(dataDir, file)) }
}

// The corpus files, one folder deep (10_12_2018_corpus/train.tsv) or in the folder itself, sorted.
function splitFiles(dataDir: string): string[] {
  if (!existsSync(dataDir)) throw new CoderError('E_FILE_NOT_FOUND', { path: dataDir })
  return readdirSync(dataDir, { recursive: true, encoding: 'utf8' })
    .filter((name) => SPLIT_FILE.test(basename(name)) && name.split(/[\\/]/).length <= 2)
    .map((name) => join(dataDir, name))
    .sort()
}

// The abstracts kept out of training: the withheld list beside the corpus, and any test.tsv's.
function withheldDocuments(dataDir: string, files: readonly string[]): Set<string> {
  const path = join(dataDir, WITHHELD_FILE)
  const listed = existsSync(path) ? readFileSync(path, 'utf8').split(/\s+/) : []
  const tested = files
    .filter((file) => basename(file).startsWith('test.'))
    .flatMap((file) => readPgrFile(file).map((row) => row.mention.doc))
  return new Set([...listed, ...tested].filter((pmid) => pmid !== ''))
}

interface PgrRow {
  /** Abstract, sentence and offsets: the same mention in another pair or file shares it. */
  readonly key: string
  readonly mention: NormalizationMention
}

/** The phenotype mentions of one PGR TSV (header row, tab-separated, plain or gzip). */
export function readPgrFile(path: string): PgrRow[] {
  const bytes = readFileSync(path)
  const text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8')
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  const header = (lines[0] ?? '').split('\t')
  const column = new Map(header.map((name, index) => [name.trim(), index]))
  const missing = REQUIRED.filter((name) => !column.has(name))
  if (missing.length > 0) {
    const reason = `the header lacks ${missing.join(', ')}: this is not a PGR file`
    throw new CoderError('E_DATASET_MALFORMED', { path, where: 'line 1', reason })
  }
  const field = (fields: readonly string[], name: string): string =>
    fields[column.get(name) ?? -1] ?? ''
  return lines.slice(1).flatMap((line, index) => {
    if (line.trim() === '') return []
    const fields = line.split('\t')
    const where = `line ${index + 2}`
    const id = /^HP[_:](\d{7})$/.exec(field(fields, 'PHENOTYPE_ID').trim())
    if (id === null) {
      const reason = `PHENOTYPE_ID "${field(fields, 'PHENOTYPE_ID')}" is not an HPO id (HP_0000000)`
      throw new CoderError('E_DATASET_MALFORMED', { path, where, reason })
    }
    const doc = field(fields, 'FILE_ID').trim()
    const sentence = field(fields, 'SENTENCE')
    const start = field(fields, 'PHENOTYPE_START_POSITION')
    const end = field(fields, 'PHENOTYPE_END_POSITION')
    const mention = { doc, text: field(fields, 'PHENOTYPE').trim(), gold: `HP:${id[1]}` }
    return [{ key: `${doc}\t${sentence}\t${start}\t${end}`, mention }]
  })
}
