// ChemProt (BioCreative VI, original TSV release) for `eval re`: sentence-level CHEMICAL–GENE
// candidates labelled with their gold CPR group, built as training/re/convert.py builds them
// (evaluation layer).
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CoderError } from '../../shared/errors'
import type { PairEntity, RelationSpec } from '../pipeline'
import { codePointToUtf16 } from './codePoints'
import type { EvalSplit } from './corpora'
import { abstractSentences } from './nerGold'
import type { ReSentence } from './reCorpora'

const TRAIN = 'chemprot_training'
const DEV = 'chemprot_development'
const TEST = 'chemprot_test_gs'

/** The release's folders of each split: dev is the corpus's own development set. */
export const CHEMPROT_FOLDERS: Readonly<Record<EvalSplit, readonly string[]>> = {
  train: [TRAIN],
  dev: [DEV],
  test: [TEST],
  all: [TRAIN, DEV, TEST],
}

/**
 * The sentences of `split` that hold a CHEMICAL and a GENE: each abstract is its title, one
 * separator character ("\n", as the entity offsets count it) and its text, split as abstracts
 * are for NER. A pair listed in the gold-standard file (CPR:3, 4, 5, 6, 9) gets its group;
 * every other pairing is "O". Only documents in `wanted` when given.
 */
export function readChemprot(
  dataDir: string,
  split: EvalSplit,
  wanted: ReadonlySet<string> | null,
  spec: RelationSpec,
): ReSentence[] {
  return CHEMPROT_FOLDERS[split]
    .map((folder) => join(dataDir, folder))
    .filter(existsSync)
    .flatMap((dir) => readFolder(dir, wanted, spec))
}

interface ChemprotEntity {
  readonly id: string
  readonly start: number
  readonly end: number
  readonly type: string
}

function readFolder(
  dir: string,
  wanted: ReadonlySet<string> | null,
  spec: RelationSpec,
): ReSentence[] {
  // The official test files are chemprot_test_<kind>_gs.tsv, the others chemprot_<set>_<kind>.tsv.
  const abstracts = tsvRows(dir, 'abstracts')
  const entities = new Map<string, ChemprotEntity[]>()
  for (const [doc = '', id = '', type = '', start = '', end = ''] of tsvRows(dir, 'entities')) {
    const list = entities.get(doc) ?? []
    list.push({ id, type, start: Number(start), end: Number(end) })
    entities.set(doc, list)
  }
  const gold = new Map<string, Map<string, string>>()
  for (const [doc = '', group = '', arg1 = '', arg2 = ''] of tsvRows(dir, 'gold_standard')) {
    if (!spec.classes.includes(group)) continue
    const links = gold.get(doc) ?? new Map<string, string>()
    links.set(`${arg1.split(':')[1] ?? ''}|${arg2.split(':')[1] ?? ''}`, group)
    gold.set(doc, links)
  }
  return abstracts
    .filter(([doc = '']) => !wanted || wanted.has(doc))
    .sort(([a = ''], [b = '']) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([doc = '', title = '', body = '']) =>
      abstractSentencesOf(doc, `${title}\n${body}`, entities.get(doc) ?? [], gold.get(doc)),
    )
}

function abstractSentencesOf(
  doc: string,
  text: string,
  entities: readonly ChemprotEntity[],
  links: ReadonlyMap<string, string> | undefined,
): ReSentence[] {
  const toUtf16 = codePointToUtf16(text)
  const placed = entities
    .map((entity) => ({ ...entity, start: toUtf16(entity.start), end: toUtf16(entity.end) }))
    .sort((a, b) => a.start - b.start || a.end - b.end)
  return abstractSentences(text).flatMap((range) => {
    const inside = placed.filter((e) => e.start >= range.start && e.end <= range.end)
    const local: PairEntity[] = inside.map((e) => ({
      start: e.start - range.start,
      end: e.end - range.start,
      label: e.type,
    }))
    const gold = new Map<string, string>()
    inside.forEach((a, i) =>
      inside.forEach((b, j) => {
        const group = links?.get(`${a.id}|${b.id}`)
        if (group) gold.set(`${i}-${j}`, group)
      }),
    )
    const chemicals = local.some((e) => e.label === 'CHEMICAL')
    const genes = local.some((e) => e.label !== 'CHEMICAL')
    return chemicals && genes
      ? [{ doc, text: text.slice(range.start, range.end), entities: local, gold }]
      : []
  })
}

/** The rows of the folder's *<kind>*.tsv (tab-separated, no header); [] when it has none. */
function tsvRows(dir: string, kind: string): string[][] {
  const name = readdirSync(dir)
    .filter((file) => file.includes(kind) && file.endsWith('.tsv'))
    .sort()[0]
  if (!name) return []
  const path = join(dir, name)
  const rows = readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => line.split('\t'))
  const width = kind === 'abstracts' ? 3 : kind === 'entities' ? 5 : 4
  const bad = rows.findIndex((row) => row.length < width)
  if (bad >= 0) {
    throw new CoderError('E_DATASET_MALFORMED', {
      path,
      where: `line ${bad + 1}`,
      reason: `a ${kind} row needs at least ${width} tab-separated fields`,
    })
  }
  return rows
}
