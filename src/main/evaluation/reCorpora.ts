// The RE evaluation corpora (ADE, DDI 2013, ChemProt, PGR, MACCROBAT): sentences with their gold
// entities and gold relation labels, built as training/re/convert.py builds them (evaluation layer).
import { existsSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { XMLParser } from 'fast-xml-parser'
import { CoderError } from '../../shared/errors'
import type { Span } from '../../shared/text'
import { findRule, tokenize, type PairEntity, type RelationSpec } from '../pipeline'
import {
  ADE_AE_FILE,
  ADE_DOSE_FILE,
  groupBySentence,
  readAdeRelations,
  type AdeRelation,
} from './adeRelations'
import { listBratIds } from './brat'
import { codePointToUtf16 } from './codePoints'
import type { EvalSplit } from './corpora'
import { listXmlFiles } from './ddiXml'
import { LATERALITY, lineSentences, MACCROBAT_LABELS } from './nerGold'
import { readChemprot } from './reChemprot'
import { readPgr } from './rePgr'

export const RE_CORPORA = ['ddi2013', 'chemprot', 'pgr', 'ade', 'maccrobat'] as const
export type ReCorpus = (typeof RE_CORPORA)[number]

/** The dataset folder under ../shared/datasets that `--data` mirrors, per corpus. */
export const RE_CORPUS_FOLDERS: Readonly<Record<ReCorpus, string>> = {
  ddi2013: 'ddi2013',
  chemprot: 'chemprot',
  pgr: 'pgr',
  ade: 'ade_corpus_v2',
  maccrobat: 'maccrobat2020',
}

/** One sentence: gold entities (UTF-16 offsets into `text`) and gold labels of related pairs. */
export interface ReSentence {
  readonly doc: string
  readonly text: string
  readonly entities: readonly PairEntity[]
  /** "i-j" (entity indices, either order) → relation class; unlisted pairs are "O". */
  readonly gold: ReadonlyMap<string, string>
}

export interface ReCorpusRequest {
  readonly corpus: ReCorpus
  readonly split: EvalSplit
  readonly dataDir: string
  /** Document ids of train and dev, from the model card; test/all take every document found. */
  readonly documents: { readonly train: readonly string[]; readonly dev: readonly string[] } | null
  readonly spec: RelationSpec
  /**
   * MACCROBAT only: the BRAT relations whose links are the model's positives (its card's
   * data.relations): MODIFY for the clinical model; MODIFY and OVERLAP for posology; BEFORE,
   * AFTER and OVERLAP for temporal; CAUSE.
   */
  readonly relations: readonly string[]
}

/** The gold label of entities i and j, "O" when unrelated. */
export function goldLabel(sentence: ReSentence, i: number, j: number): string {
  return sentence.gold.get(`${i}-${j}`) ?? sentence.gold.get(`${j}-${i}`) ?? 'O'
}

/** The sentences of one corpus split under `dataDir`; E_DATASET_EMPTY when none is found. */
export function readReCorpus(request: ReCorpusRequest): ReSentence[] {
  const wanted = wantedDocuments(request)
  const sentences = readSentences(request, wanted)
  if (sentences.length === 0) {
    throw new CoderError('E_DATASET_EMPTY', {
      path: request.dataDir,
      corpus: request.corpus,
      split: request.split,
      expected: EXPECTED[request.corpus],
      folder: RE_CORPUS_FOLDERS[request.corpus],
    })
  }
  return sentences
}

const EXPECTED: Readonly<Record<ReCorpus, string>> = {
  ade: 'DRUG-AE.rel and DRUG-DOSE.rel',
  ddi2013: 'DDICorpus/**/*.xml with <pair> elements',
  maccrobat: 'MACCROBAT2020/*.ann with MODIFY relations',
  chemprot: 'chemprot_*/*abstracts*.tsv, *entities*.tsv and *gold_standard*.tsv',
  pgr: '10_12_2018_corpus/train.tsv or test.tsv',
}

function wantedDocuments(request: ReCorpusRequest): ReadonlySet<string> | null {
  if (request.split !== 'train' && request.split !== 'dev') return null
  if (!request.documents) {
    throw new CoderError('E_OPTION', {
      reason: `the model card lists no ${request.split} documents; use --split test or all`,
    })
  }
  return new Set(request.documents[request.split])
}

function readSentences(request: ReCorpusRequest, wanted: ReadonlySet<string> | null): ReSentence[] {
  switch (request.corpus) {
    case 'ade':
      return readAde(request.dataDir, wanted)
    case 'ddi2013':
      return readDdi(request.dataDir, request.split, wanted)
    case 'chemprot':
      return readChemprot(request.dataDir, request.split, wanted, request.spec)
    case 'pgr':
      return readPgr(request.dataDir, request.split, wanted, request.spec)
    case 'maccrobat':
      return readMaccrobat(request.dataDir, wanted, request.spec, request.relations)
  }
}

// ---------------------------------------------------------------- ADE

/** The ADE corpus files: each links a drug to another mention, of this type, as this class. */
const ADE_FILES = [
  { file: ADE_AE_FILE, type: 'AdverseEffect', label: 'ADE' },
  { file: ADE_DOSE_FILE, type: 'Dosage', label: 'DOSE' },
] as const

/** One drug link of a sentence: the drug, the other mention, its type and the pair's class. */
interface AdeLink extends AdeRelation {
  readonly type: string
  readonly label: string
}

/**
 * DRUG-AE.rel then DRUG-DOSE.rel (same 8 columns; column 3 is the effect or the dose), grouped
 * by sentence: each mention at its first occurrence in the sentence; listed pairs are "ADE" or
 * "DOSE", the sentence's other whitelisted pairings "O". No DRUG-AE.rel: no sentences. Both files
 * are read whole, so a malformed line in either refuses them (E_DATASET_MALFORMED).
 */
function readAde(dataDir: string, wanted: ReadonlySet<string> | null) {
  if (!existsSync(join(dataDir, ADE_AE_FILE))) return []
  const links = ADE_FILES.flatMap(({ file, type, label }) => {
    const path = join(dataDir, file)
    // Every dose sentence is also a DRUG-AE sentence: without the dose file, DOSE would score 0.
    if (!existsSync(path)) throw new CoderError('E_FILE_NOT_FOUND', { path })
    return readAdeRelations(path).map((relation): AdeLink => ({ ...relation, type, label }))
  })
  return groupBySentence(links.filter((link) => !wanted || wanted.has(link.pmid))).map(
    ({ pmid, sentence, relations }) => adeSentence(pmid, sentence, relations),
  )
}

/** A sentence's mentions (first occurrence each) and its links as gold pairs. */
function adeSentence(doc: string, text: string, links: readonly AdeLink[]): ReSentence {
  const entities: PairEntity[] = []
  const index = new Map<string, number>()
  const gold = new Map<string, string>()
  const place = (mention: string, label: string): number | null => {
    const key = `${label}|${mention}`
    const known = index.get(key)
    if (known !== undefined) return known
    const start = text.indexOf(mention)
    if (start < 0) return null
    index.set(key, entities.length)
    entities.push({ start, end: start + mention.length, label })
    return entities.length - 1
  }
  for (const { drug, other, type, label } of links) {
    const i = place(drug, 'Drug')
    const j = i === null ? null : place(other, type)
    if (i !== null && j !== null) gold.set(`${i}-${j}`, label)
  }
  return { doc, text, entities, gold }
}

// ---------------------------------------------------------------- DDI 2013

interface RawDdiEntity {
  id?: string
  charOffset?: string
  type?: string
}
interface RawDdiPair {
  e1?: string
  e2?: string
  ddi?: string
  type?: string
}
interface RawDdiSentence {
  text?: string
  entity?: RawDdiEntity[]
  pair?: RawDdiPair[]
}
interface RawDdiDocument {
  document?: { id?: string; sentence?: RawDdiSentence[] }
}

const DDI_TRAIN = 'DDICorpus/Train'
const DDI_TEST = 'DDICorpus/Test/Test for DDI Extraction task'
const DDI_FOLDERS: Readonly<Record<EvalSplit, readonly string[]>> = {
  train: [DDI_TRAIN],
  dev: [DDI_TRAIN],
  test: [DDI_TEST],
  all: [DDI_TRAIN, DDI_TEST],
}
const ddiParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseAttributeValue: false,
  htmlEntities: true,
  isArray: (name) => name === 'sentence' || name === 'entity' || name === 'pair',
})

/** DDI XML: the corpus's pairs; a true pair's type (int when missing) is its class. */
function readDdi(dataDir: string, split: EvalSplit, wanted: ReadonlySet<string> | null) {
  const dirs = DDI_FOLDERS[split].map((folder) => join(dataDir, folder)).filter(existsSync)
  const sentences: ReSentence[] = []
  for (const path of dirs.flatMap(listXmlFiles)) {
    const raw = parseDdi(path)
    const doc = raw.document?.id ?? basename(path, '.xml')
    if (wanted && !wanted.has(doc)) continue
    for (const sentence of raw.document?.sentence ?? []) {
      if ((sentence.pair ?? []).length > 0) sentences.push(ddiSentence(doc, sentence, path))
    }
  }
  return sentences
}

function ddiSentence(doc: string, sentence: RawDdiSentence, path: string): ReSentence {
  const text = sentence.text ?? ''
  const toUtf16 = codePointToUtf16(text)
  const index = new Map<string, number>()
  const entities = (sentence.entity ?? []).map((entity, k) => {
    const match = /^(\d+)-(\d+)/.exec(entity.charOffset ?? '')
    if (!match) {
      throw new CoderError('E_DATASET_MALFORMED', {
        path,
        where: `entity ${entity.id ?? '?'}`,
        reason: `charOffset "${entity.charOffset ?? ''}" is not START-END`,
      })
    }
    index.set(entity.id ?? '', k)
    // DDI ends are inclusive.
    const start = toUtf16(Number(match[1]))
    return { start, end: toUtf16(Number(match[2]) + 1), label: entity.type ?? 'drug' }
  })
  const gold = new Map<string, string>()
  for (const pair of sentence.pair ?? []) {
    const i = index.get(pair.e1 ?? '')
    const j = index.get(pair.e2 ?? '')
    if (i !== undefined && j !== undefined && pair.ddi === 'true') {
      gold.set(`${i}-${j}`, pair.type ?? 'int')
    }
  }
  return { doc, text, entities, gold }
}

function parseDdi(path: string): RawDdiDocument {
  try {
    return ddiParser.parse(readFileSync(path, 'utf8'), true) as RawDdiDocument
  } catch (error) {
    throw new CoderError('E_DATASET_MALFORMED', {
      path,
      where: 'its XML',
      reason: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error),
    })
  }
}

// ---------------------------------------------------------------- MACCROBAT

interface BratSpan extends Span {
  readonly type: string
}

/**
 * Lines are sentences; every whitelisted pair of the model's types is a candidate, labelled by
 * the `relations` linking it (see maccrobatSentences).
 */
function readMaccrobat(
  dataDir: string,
  wanted: ReadonlySet<string> | null,
  spec: RelationSpec,
  relations: readonly string[],
) {
  const nested = join(dataDir, 'MACCROBAT2020')
  const dir = existsSync(nested) ? nested : dataDir
  return listBratIds(dir)
    .filter((id) => !wanted || wanted.has(id))
    .flatMap((id) => {
      const text = readFileSync(join(dir, `${id}.txt`), 'utf8').replace(/\r\n?/g, '\n')
      const ann = readFileSync(join(dir, `${id}.ann`), 'utf8')
      return maccrobatSentences(id, text, ann, spec, relations)
    })
}

// BEFORE/AFTER are read in text order: "arg2 BEFORE arg1" is "first AFTER second".
const INVERSE: Readonly<Record<string, string>> = { BEFORE: 'AFTER', AFTER: 'BEFORE' }

/**
 * The class a link gives a pair (first and second in text order), or null. A spec whose rules
 * name categories (clinical, posology) labels a linked pair with its rule's category; otherwise
 * the class is the relation's name, BEFORE/AFTER turned round when arg1 comes second.
 */
function linkLabel(
  spec: RelationSpec,
  relation: string,
  firstIsArg1: boolean,
  first: string,
  second: string,
): string | null {
  if (spec.pairs.some((rule) => rule.category !== null)) {
    return findRule(spec, first, second)?.rule.category ?? null
  }
  return firstIsArg1 ? relation : (INVERSE[relation] ?? relation)
}

/**
 * One report's sentences with pairs (exported for tests on a short written report). A link of
 * one of `relations` makes a positive (another label wins over OVERLAP on the same pair). A
 * laterality word at the start or end of a BodyPart/Modifier span becomes its own Direction,
 * which inherits the span's links and MODIFYs its BodyPart.
 */
export function maccrobatSentences(
  doc: string,
  text: string,
  ann: string,
  spec: RelationSpec,
  relations: readonly string[] = ['MODIFY'],
): ReSentence[] {
  const { spans, links } = parseBratRelations(ann, codePointToUtf16(text))
  const tokens = tokenize(text)
  const entities: PairEntity[] = []
  const piecesOf = new Map<string, number[]>()
  const indexLinks: [string, number, number][] = []
  const ordered = [...spans.entries()].sort(([, a], [, b]) => a.start - b.start || a.end - b.end)
  for (const [id, span] of ordered) {
    const label = MACCROBAT_LABELS[span.type]
    if (!label) continue
    const ids: number[] = []
    for (const piece of productPieces(text, tokens, span, label)) {
      if (!spec.types.includes(piece.label)) continue
      ids.push(entities.length)
      entities.push(piece)
    }
    piecesOf.set(id, ids)
    for (const i of ids) for (const j of ids) if (i !== j) indexLinks.push(['MODIFY', i, j])
  }
  for (const [relation, a, b] of links) {
    for (const i of piecesOf.get(a) ?? []) {
      for (const j of piecesOf.get(b) ?? []) if (i !== j) indexLinks.push([relation, i, j])
    }
  }
  const gold = new Map<string, string>() // "first-second" in text order → class
  for (const [relation, i, j] of indexLinks) {
    if (!relations.includes(relation)) continue
    const a = entities[i] as PairEntity
    const b = entities[j] as PairEntity
    const iFirst = a.start < b.start || (a.start === b.start && a.end < b.end)
    const [first, second] = iFirst ? [i, j] : [j, i]
    const label = linkLabel(
      spec,
      relation,
      iFirst,
      entities[first]?.label ?? '',
      entities[second]?.label ?? '',
    )
    const key = `${first}-${second}`
    const known = gold.get(key)
    if (label && (known === undefined || known === 'OVERLAP')) gold.set(key, label)
  }
  return lineSentences(text).flatMap((line) => {
    const ids = entities.flatMap((e, k) => (e.start >= line.start && e.end <= line.end ? [k] : []))
    const local = ids.map((k) => {
      const e = entities[k] as PairEntity
      return { start: e.start - line.start, end: e.end - line.start, label: e.label }
    })
    const localGold = new Map<string, string>()
    ids.forEach((i, x) =>
      ids.forEach((j, y) => {
        const label = gold.get(`${i}-${j}`)
        if (label) localGold.set(`${x}-${y}`, label)
      }),
    )
    return local.length >= 2
      ? [{ doc, text: text.slice(line.start, line.end), entities: local, gold: localGold }]
      : []
  })
}

/**
 * T spans (first fragment, UTF-16) by id, and every relation (R lines, and each pair of an
 * n-ary "*" OVERLAP set) as [type, arg1, arg2] with events resolved to their T.
 */
function parseBratRelations(
  ann: string,
  toUtf16: (offset: number) => number,
): { spans: Map<string, BratSpan>; links: [string, string, string][] } {
  const spans = new Map<string, BratSpan>()
  const triggers = new Map<string, string>()
  const raw: [string, string, string][] = []
  for (const line of ann.split(/\r?\n/)) {
    const [id = '', body = ''] = line.split('\t')
    const fields = body.split(/[\s;]+/)
    if (id.startsWith('T') && fields.length >= 3) {
      const [type = '', start, end] = fields
      spans.set(id, { type, start: toUtf16(Number(start)), end: toUtf16(Number(end)) })
    } else if (id.startsWith('E')) {
      triggers.set(id, fields[0]?.split(':')[1] ?? '')
    } else if (id.startsWith('R')) {
      raw.push([fields[0] ?? '', fields[1]?.split(':')[1] ?? '', fields[2]?.split(':')[1] ?? ''])
    } else if (id.startsWith('*')) {
      const [type = '', ...members] = body.trim().split(/\s+/)
      members.forEach((a, x) => members.slice(x + 1).forEach((b) => raw.push([type, a, b])))
    }
  }
  const resolve = (x: string): string => triggers.get(x) ?? x
  return { spans, links: raw.map(([type, a, b]) => [type, resolve(a), resolve(b)]) }
}

/** A mapped span → product entities, deriving Direction as training/ner/corpora.py does. */
function productPieces(
  text: string,
  tokens: readonly Span[],
  span: Span,
  label: string,
): PairEntity[] {
  if (label !== 'BodyPart' && label !== 'Modifier') return [{ ...span, label }]
  let toks = tokens.filter((t) => t.start >= span.start && t.end <= span.end)
  if (toks.length === 0) return []
  let low = toks.map((t) => text.slice(t.start, t.end).toLowerCase())
  const pieces: PairEntity[] = []
  const first = toks[0] as Span
  if (LATERALITY.has(low[0] ?? '')) {
    const rest = low.slice(1).join(' ')
    if (rest === '' || rest === 'sided' || rest === '- sided') {
      return [{ start: span.start, end: span.end, label: 'Direction' }]
    }
    pieces.push({ start: first.start, end: first.end, label: 'Direction' })
    toks = toks.slice(1)
    low = low.slice(1)
  }
  let tail: PairEntity | null = null
  const last = toks[toks.length - 1] as Span
  if (toks.length >= 2 && LATERALITY.has(low[low.length - 1] ?? '')) {
    tail = { start: last.start, end: last.end, label: 'Direction' }
    toks = toks.slice(0, -1)
  }
  const head = toks[0]
  const end = toks[toks.length - 1]
  if (label === 'BodyPart' && head && end) {
    pieces.push({ start: head.start, end: end.end, label: 'BodyPart' })
  }
  if (tail) pieces.push(tail)
  return pieces
}
