// The NER evaluation corpora: where each split lives in a dataset folder, how its types map to
// product labels, and its documents with gold spans built as training builds them (evaluation layer).
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { CoderError } from '../../shared/errors'
import { ADE_AE_FILE, groupBySentence, readAdeRelations, type AdeRelation } from './adeRelations'
import { listBratIds, readBratDocument } from './brat'
import { codePointToUtf16 } from './codePoints'
import { listXmlFiles, readDdiFile, type DdiDocument } from './ddiXml'
import {
  abstractSentences,
  goldSpans,
  lineSentences,
  MACCROBAT_LABELS,
  type GoldRules,
  type LabeledSpan,
} from './nerGold'
import { pubtatorText, readPubtatorFile } from './pubtator'

export const NER_CORPORA = ['maccrobat', 'bc5cdr', 'ncbi_disease', 'ddi2013', 'ade'] as const
export type NerCorpus = (typeof NER_CORPORA)[number]

export const EVAL_SPLITS = ['train', 'dev', 'test', 'all'] as const
export type EvalSplit = (typeof EVAL_SPLITS)[number]

export interface CorpusFacts {
  /** The dataset's folder under ../shared/datasets, which `--data` mirrors. */
  readonly folder: string
  /** Product labels the corpus annotates; null: every label of the model (MACCROBAT). */
  readonly annotates: readonly string[] | null
  /** Predicted labels scored as another: the literature's Disease covers Symptom too. */
  readonly merged: Readonly<Record<string, string>>
}

export const CORPUS_FACTS: Readonly<Record<NerCorpus, CorpusFacts>> = {
  maccrobat: { folder: 'maccrobat2020', annotates: null, merged: {} },
  bc5cdr: { folder: 'bc5cdr', annotates: ['Drug', 'Problem'], merged: { Symptom: 'Problem' } },
  ncbi_disease: { folder: 'ncbi_disease', annotates: ['Problem'], merged: { Symptom: 'Problem' } },
  ddi2013: { folder: 'ddi2013', annotates: ['Drug'], merged: {} },
  // Adverse effects are Problems; a model with a Symptom label (the clinical one) is scored so too.
  ade: { folder: 'ade_corpus_v2', annotates: ['Drug', 'Problem'], merged: { Symptom: 'Problem' } },
}

/** A document to tag, with its gold spans (UTF-16 offsets into `text`). */
export interface EvalDocument {
  readonly id: string
  readonly text: string
  readonly gold: readonly LabeledSpan[]
}

/** The document split a model was trained with (its card's lists: MACCROBAT PMIDs, DDI ids). */
export interface DocumentSplit {
  readonly train: readonly string[]
  readonly dev: readonly string[]
}

export interface CorpusRequest {
  readonly corpus: NerCorpus
  readonly split: EvalSplit
  readonly dataDir: string
  /** Whether the model has a Modifier label (else MACCROBAT Modifier spans only give Direction). */
  readonly keepModifier: boolean
  /**
   * The model card's train/dev documents of this corpus: needed for MACCROBAT and ADE train/dev
   * and DDI 2013 dev (none has an official split); null when the card lists none.
   */
  readonly documentSplit: DocumentSplit | null
}

const PUBTATOR_FILES: Readonly<Record<'bc5cdr' | 'ncbi_disease', Record<string, string>>> = {
  bc5cdr: {
    train: 'CDR_TrainingSet.PubTator.txt',
    dev: 'CDR_DevelopmentSet.PubTator.txt',
    test: 'CDR_TestSet.PubTator.txt',
  },
  ncbi_disease: {
    train: 'NCBItrainset_corpus.txt',
    dev: 'NCBIdevelopset_corpus.txt',
    test: 'NCBItestset_corpus.txt',
  },
}
const PUBTATOR_TYPES: Readonly<Record<'bc5cdr' | 'ncbi_disease', (type: string) => string | null>> =
  {
    bc5cdr: (type) => ({ Chemical: 'Drug', Disease: 'Problem' })[type] ?? null,
    ncbi_disease: () => 'Problem',
  }
const DDI_FOLDERS: Readonly<Record<string, string>> = {
  train: 'DDICorpus/Train',
  test: 'DDICorpus/Test/Test for DrugNER task',
  all: 'DDICorpus',
}
const LITERATURE_RULES: GoldRules = { isMaccrobat: false, keepModifier: true }
// A blank line between DDI sentences: the product's segmenter always breaks there too.
const DDI_SENTENCE_GAP = '\n\n'

/** The documents of one corpus split under `dataDir`, gold spans mapped; E_DATASET_EMPTY if none. */
export function readCorpus(request: CorpusRequest): EvalDocument[] {
  const documents = readDocuments(request)
  if (documents.length === 0) throw emptyDataset(request, expectedFiles(request))
  return documents
}

function readDocuments(request: CorpusRequest): EvalDocument[] {
  switch (request.corpus) {
    case 'maccrobat':
      return readMaccrobat(request)
    case 'bc5cdr':
    case 'ncbi_disease':
      return readPubtatorCorpus(request, request.corpus)
    case 'ddi2013':
      return readDdi(request)
    case 'ade':
      return readAde(request)
  }
}

/** MACCROBAT: train/dev are the card's PMIDs; test and all are every annotated report found. */
function readMaccrobat(request: CorpusRequest): EvalDocument[] {
  const dir = bratFolder(request.dataDir)
  let ids = listBratIds(dir)
  if (request.split === 'train' || request.split === 'dev') {
    if (!request.documentSplit) {
      throw new CoderError('E_OPTION', {
        reason: `the model card lists no MACCROBAT ${request.split} PMIDs; use --split test or all`,
      })
    }
    const wanted = new Set(request.documentSplit[request.split])
    ids = ids.filter((id) => wanted.has(id))
  }
  const rules = { isMaccrobat: true, keepModifier: request.keepModifier }
  return ids.map((id) => {
    const { text, entities } = readBratDocument(dir, id)
    const toUtf16 = codePointToUtf16(text)
    const annotated = entities.flatMap((entity) => {
      const label = MACCROBAT_LABELS[entity.type]
      return label ? [{ start: toUtf16(entity.start), end: toUtf16(entity.end), label }] : []
    })
    return { id, text, gold: goldSpans(text, lineSentences(text), annotated, rules) }
  })
}

/** `DIR/MACCROBAT2020` as in the shared layout, or DIR itself when it holds the .ann files. */
function bratFolder(dataDir: string): string {
  const nested = join(dataDir, 'MACCROBAT2020')
  return existsSync(nested) ? nested : dataDir
}

function readPubtatorCorpus(
  request: CorpusRequest,
  corpus: 'bc5cdr' | 'ncbi_disease',
): EvalDocument[] {
  const mapType = PUBTATOR_TYPES[corpus]
  return pubtatorPaths(request, corpus).flatMap((path) =>
    readPubtatorFile(path).map((document) => {
      const text = pubtatorText(document)
      const toUtf16 = codePointToUtf16(text)
      const annotated = document.mentions.flatMap((mention) => {
        const label = mapType(mention.type)
        return label ? [{ start: toUtf16(mention.start), end: toUtf16(mention.end), label }] : []
      })
      const gold = goldSpans(text, abstractSentences(text), annotated, LITERATURE_RULES)
      return { id: document.pmid, text, gold }
    }),
  )
}

/** The split's file (or, for `all`, every split file) present in DIR, plain or gzipped. */
function pubtatorPaths(request: CorpusRequest, corpus: 'bc5cdr' | 'ncbi_disease'): string[] {
  const names = PUBTATOR_FILES[corpus]
  const wanted = request.split === 'all' ? Object.values(names) : [names[request.split] ?? '']
  return wanted.flatMap((name) => {
    const path = join(request.dataDir, name)
    if (existsSync(path)) return [path]
    return existsSync(`${path}.gz`) ? [`${path}.gz`] : []
  })
}

/**
 * DDI 2013: one document per XML file, its sentences joined by blank lines. With the model card's
 * split, train and dev are its documents of the Train folder; without one, train is that whole
 * folder and there is no dev.
 */
function readDdi(request: CorpusRequest): EvalDocument[] {
  const { split, documentSplit } = request
  if (split === 'dev' && !documentSplit) {
    throw new CoderError('E_OPTION', {
      reason:
        'ddi2013 has no official dev split and the model card lists no DDI dev documents; use --split train, test or all, or a model whose card lists them (ner-literature)',
    })
  }
  const folder = DDI_FOLDERS[split === 'dev' ? 'train' : split] ?? ''
  const dir = join(request.dataDir, folder)
  if (!existsSync(dir)) return []
  const documents = listXmlFiles(dir).map((path) => readDdiFile(path))
  const wanted =
    documentSplit && (split === 'train' || split === 'dev') ? new Set(documentSplit[split]) : null
  return documents
    .filter((document) => !wanted || wanted.has(document.id))
    .map((document) => ddiDocument(document))
}

function ddiDocument(document: DdiDocument): EvalDocument {
  const parts: string[] = []
  const gold: LabeledSpan[] = []
  let offset = 0
  // Training reads each non-blank sentence alone, as one sentence range.
  for (const sentence of document.sentences.filter((s) => s.text.trim())) {
    const toUtf16 = codePointToUtf16(sentence.text)
    const annotated = sentence.entities.map((entity) => ({
      start: toUtf16(entity.start),
      end: toUtf16(entity.end),
      label: 'Drug',
    }))
    const whole = [{ start: 0, end: sentence.text.length }]
    for (const span of goldSpans(sentence.text, whole, annotated, LITERATURE_RULES)) {
      gold.push({ start: span.start + offset, end: span.end + offset, label: span.label })
    }
    parts.push(sentence.text)
    offset += sentence.text.length + DDI_SENTENCE_GAP.length
  }
  return { id: document.id, text: parts.join(DDI_SENTENCE_GAP), gold }
}

/** An ADE NER mention: a DRUG-AE.rel drug (Drug) or adverse effect (Problem). */
export interface AdeMention {
  readonly text: string
  readonly label: 'Drug' | 'Problem'
}

/**
 * A sentence's distinct mentions in order of first appearance, as training/encoder/tasks.py
 * ade_ner_sentences lists them: each relation adds its drug (Drug) then its effect (Problem)
 * unless the sentence has that mention already. DRUG-DOSE.rel adds none.
 */
export function adeMentions(relations: readonly AdeRelation[]): AdeMention[] {
  const mentions: AdeMention[] = []
  for (const { drug, other } of relations) {
    for (const mention of [
      { text: drug, label: 'Drug' as const },
      { text: other, label: 'Problem' as const },
    ]) {
      const isKnown = mentions.some((m) => m.text === mention.text && m.label === mention.label)
      if (!isKnown) mentions.push(mention)
    }
  }
  return mentions
}

/**
 * Start offsets (UTF-16) of every occurrence of `mention` in `text` that neither starts nor ends
 * inside an ASCII word: the characters just before and just after it are not ASCII letters or
 * digits. After a match the search goes on past it, else one character on (tasks.py occurrences).
 */
export function wordOccurrences(text: string, mention: string): number[] {
  const starts: number[] = []
  // An empty mention is no entity (and would match everywhere).
  if (mention === '') return starts
  for (let from = 0; ;) {
    const k = text.indexOf(mention, from)
    if (k < 0) return starts
    const end = k + mention.length
    if (!isAsciiWordChar(text[k - 1]) && !isAsciiWordChar(text[end])) {
      starts.push(k)
      from = end
    } else {
      from = k + 1
    }
  }
}

function isAsciiWordChar(char: string | undefined): boolean {
  return char !== undefined && /^[A-Za-z0-9]$/.test(char)
}

/**
 * ADE corpus v2: one document per (PMID, sentence) of DRUG-AE.rel, its text the sentence, its
 * gold every word-bounded occurrence of each mention, snapped and resolved as the other corpora.
 * train/dev are the card's PMIDs; test is every PMID the card lists in neither (the withheld
 * folder holds only those), or every PMID without a card split; all is every sentence found.
 * The whole file is read first, so a malformed line in any split refuses it (E_DATASET_MALFORMED).
 */
function readAde(request: CorpusRequest): EvalDocument[] {
  const path = join(request.dataDir, ADE_AE_FILE)
  if (!existsSync(path)) return []
  const wanted = adePmids(request)
  const relations = readAdeRelations(path).filter((relation) => wanted(relation.pmid))
  const seen = new Map<string, number>()
  return groupBySentence(relations).map(({ pmid, sentence: text, relations: links }) => {
    const n = (seen.get(pmid) ?? 0) + 1
    seen.set(pmid, n)
    const annotated = adeMentions(links).flatMap((mention) =>
      wordOccurrences(text, mention.text).map((start) => ({
        start,
        end: start + mention.text.length,
        label: mention.label,
      })),
    )
    const whole = [{ start: 0, end: text.length }]
    return { id: `${pmid}.${n}`, text, gold: goldSpans(text, whole, annotated, LITERATURE_RULES) }
  })
}

function adePmids(request: CorpusRequest): (pmid: string) => boolean {
  const { split, documentSplit } = request
  if (split === 'all') return () => true
  if (split === 'test') {
    if (!documentSplit) return () => true
    const listed = new Set([...documentSplit.train, ...documentSplit.dev])
    return (pmid) => !listed.has(pmid)
  }
  if (!documentSplit) {
    throw new CoderError('E_OPTION', {
      reason: `ADE has no official ${split} split and the model card lists no ADE ${split} PMIDs; use --split test or all, or a model whose card lists them (data.ade)`,
    })
  }
  const wanted = new Set(documentSplit[split])
  return (pmid) => wanted.has(pmid)
}

function expectedFiles(request: CorpusRequest): string {
  switch (request.corpus) {
    case 'maccrobat':
      return 'MACCROBAT2020/*.ann with their .txt'
    case 'bc5cdr':
    case 'ncbi_disease': {
      const names = PUBTATOR_FILES[request.corpus]
      return request.split === 'all'
        ? Object.values(names).join(', ')
        : (names[request.split] ?? '')
    }
    case 'ddi2013': {
      const folder = DDI_FOLDERS[request.split === 'dev' ? 'train' : request.split]
      const listed = request.split === 'dev' ? ' (the model card’s dev documents)' : ''
      return `${folder ?? 'DDICorpus'}/**/*.xml${listed}`
    }
    case 'ade':
      return request.split === 'all'
        ? ADE_AE_FILE
        : `${ADE_AE_FILE} (the model card’s ${request.split === 'test' ? 'unlisted' : request.split} PMIDs)`
  }
}

function emptyDataset(request: CorpusRequest, expected: string): CoderError {
  return new CoderError('E_DATASET_EMPTY', {
    path: request.dataDir,
    corpus: request.corpus,
    split: request.split,
    expected,
    folder: CORPUS_FACTS[request.corpus].folder,
  })
}
