// PGR (phenotype–gene relations, 2018 release) for `eval re`: sentence-level GENE–PHENOTYPE
// candidates, built as training/re/convert.py builds them (evaluation layer).
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CoderError } from '../../shared/errors'
import type { PairEntity, RelationSpec } from '../pipeline'
import { codePointToUtf16 } from './codePoints'
import type { EvalSplit } from './corpora'
import type { ReSentence } from './reCorpora'

const TRAIN = '10_12_2018_corpus/train.tsv'
const TEST = '10_12_2018_corpus/test.tsv'

/** The files of each split: train and dev divide train.tsv by PMID (the model card's lists). */
export const PGR_FILES: Readonly<Record<EvalSplit, readonly string[]>> = {
  train: [TRAIN],
  dev: [TRAIN],
  test: [TEST],
  all: [TRAIN, TEST],
}

const REQUIRED = [
  'FILE_ID',
  'SENTENCE',
  'GENE',
  'PHENOTYPE',
  'GENE_START_POSITION',
  'GENE_END_POSITION',
  'PHENOTYPE_START_POSITION',
  'PHENOTYPE_END_POSITION',
  'RELATION',
] as const

/**
 * One sentence per (PMID, sentence): its GENE and PHENOTYPE mentions; a row whose RELATION is
 * true is related (test.tsv's curators' CONFIRMATION "I" flips the automatic label), every other
 * gene–phenotype pairing of the sentence is "O". Rows whose offsets miss their mention are
 * skipped, as in training. Only documents in `wanted` when given.
 */
export function readPgr(
  dataDir: string,
  split: EvalSplit,
  wanted: ReadonlySet<string> | null,
  spec: RelationSpec,
): ReSentence[] {
  const related = spec.classes[1] ?? 'related'
  const sentences = new Map<string, { doc: string; text: string; rows: PgrPair[] }>()
  for (const path of PGR_FILES[split].map((file) => join(dataDir, file)).filter(existsSync)) {
    for (const row of readRows(path)) {
      if (wanted && !wanted.has(row.doc)) continue
      const key = `${row.doc}\t${row.text}`
      const entry = sentences.get(key) ?? { doc: row.doc, text: row.text, rows: [] }
      entry.rows.push(row)
      sentences.set(key, entry)
    }
  }
  return [...sentences.values()].map(({ doc, text, rows }) => {
    const entities: PairEntity[] = []
    const index = new Map<string, number>()
    const place = (start: number, end: number, label: string): number => {
      const key = `${start}-${end}-${label}`
      const known = index.get(key)
      if (known !== undefined) return known
      index.set(key, entities.length)
      entities.push({ start, end, label })
      return entities.length - 1
    }
    const gold = new Map<string, string>()
    for (const row of rows) {
      const gene = place(row.gene[0], row.gene[1], 'GENE')
      const phenotype = place(row.phenotype[0], row.phenotype[1], 'PHENOTYPE')
      if (row.related) gold.set(`${gene}-${phenotype}`, related)
    }
    return { doc, text, entities, gold }
  })
}

interface PgrPair {
  readonly doc: string
  readonly text: string
  /** UTF-16 [start, end) of the mention in `text`. */
  readonly gene: readonly [number, number]
  readonly phenotype: readonly [number, number]
  readonly related: boolean
}

/** The pairs of one PGR TSV (header row, tab-separated); E_DATASET_MALFORMED without its columns. */
function readRows(path: string): PgrPair[] {
  const lines = readFileSync(path, 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
  const header = (lines[0] ?? '').split('\t').map((name) => name.trim())
  const missing = REQUIRED.filter((name) => !header.includes(name))
  if (missing.length > 0) {
    throw new CoderError('E_DATASET_MALFORMED', {
      path,
      where: 'its header row',
      reason: `the columns ${missing.join(', ')} are missing`,
    })
  }
  const at = (name: string): number => header.indexOf(name)
  const confirmation = header.findIndex((name) => name.startsWith('CONFIRMATION'))
  return lines.slice(1).flatMap((line) => {
    const fields = line.split('\t')
    if (fields.length < REQUIRED.length) return []
    const field = (name: string): string => fields[at(name)] ?? ''
    const text = field('SENTENCE')
    const toUtf16 = codePointToUtf16(text)
    const span = (start: string, end: string): [number, number] => [
      toUtf16(Number(field(start))),
      toUtf16(Number(field(end))),
    ]
    const gene = span('GENE_START_POSITION', 'GENE_END_POSITION')
    const phenotype = span('PHENOTYPE_START_POSITION', 'PHENOTYPE_END_POSITION')
    const matches =
      text.slice(...gene) === field('GENE') && text.slice(...phenotype) === field('PHENOTYPE')
    if (!matches) return []
    const flipped =
      confirmation >= 0 && (fields[confirmation] ?? '').trim().toUpperCase().startsWith('I')
    const related = (field('RELATION').trim().toLowerCase() === 'true') !== flipped
    return [{ doc: field('FILE_ID'), text, gene, phenotype, related }]
  })
}
