// `eval re`: the fast or accurate RE model on a corpus split with gold entities given, scored as the paper's
// Table 1 (macro F1 over the relation classes, "O" excluded) plus micro F1 (evaluation layer).
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { z } from 'zod'
import { CoderError } from '../../shared/errors'
import {
  FAST_SHARE,
  headWithClasses,
  loadRelationModel,
  loadTransformerRelationModel,
  readModelJson,
  predictPairs,
  tokenize,
  tokenizedSentence,
  whitelistedPairs,
  type PairFeatures,
  type RelationModel,
  type TransformerLayout,
} from '../pipeline'
import { EVAL_SPLITS, type EvalSplit } from './corpora'
import { classifyAccurate } from './reAccurate'
import { goldLabel, RE_CORPORA, readReCorpus, type ReCorpus } from './reCorpora'

export const RE_MODES = ['fast', 'accurate'] as const
export type ReMode = (typeof RE_MODES)[number]

/**
 * The model folder under resources/models that scores each corpus by default; MACCROBAT's
 * other models (re-posology, re-temporal, re-cause) are scored with --model.
 */
export const RE_MODEL_FOR: Readonly<Record<ReCorpus, string>> = {
  ade: 're-ade',
  ddi2013: 're-ddi',
  chemprot: 're-chemprot',
  pgr: 're-pgr',
  maccrobat: 're-clinical',
}

export interface ReEvalOptions {
  readonly corpus: string
  readonly split: string
  readonly mode: string
  /** A folder laid out like the corpus's folder under ../shared/datasets. */
  readonly dataDir: string
  /** The RE model directory (model.onnx, words.txt, labels.json, card.json). */
  readonly modelDir: string
  /**
   * Accurate mode: the transformer RE model directory (model.onnx, vocab.txt, labels.json,
   * card.json); its head with the fast model's classes scores the fast model's pairs.
   */
  readonly transformerDir?: string
  /**
   * Accurate mode: score every whitelisted pair, as training scored dev, instead of only the
   * pairs the fast model's distance filter keeps, as the app does (default false).
   */
  readonly allPairs?: boolean
  /**
   * Accurate mode: the transformer's classes alone, instead of their average with the fast
   * model's as the app's accurate mode gives (default false).
   */
  readonly transformerOnly?: boolean
}

/** Scores are fractions in [0, 1], rounded to 4 decimals. */
export interface ReTypeScore {
  readonly p: number
  readonly r: number
  readonly f1: number
  /** Gold pairs of this class. */
  readonly support: number
}

/** CLI.md's `eval re` object, plus the pair filter's cost and provenance. */
export interface ReEvalResult {
  readonly corpus: ReCorpus
  readonly split: EvalSplit
  readonly mode: ReMode
  /** Candidate pairs scored (whitelisted pairs of gold entities, before the filter). */
  readonly pairs: number
  readonly macro_f1: number
  readonly micro_f1: number
  readonly per_type: Readonly<Record<string, ReTypeScore>>
  readonly filter: {
    /** Pairs the distance filter kept (the others are predicted "O" without a model call). */
    readonly kept: number
    /** Fraction of gold related pairs the filter keeps: its cost in recall. */
    readonly positive_recall: number
  }
  readonly sentences: number
  readonly model: { readonly dir: string; readonly name: string; readonly version: string }
  /** Accurate mode: the transformer that classified the pairs, its layout and head. */
  readonly accurate?: AccurateModelFacts
  readonly data: string
  readonly seconds: number
}

export interface AccurateModelFacts {
  readonly dir: string
  readonly name: string
  readonly version: string
  readonly layout: TransformerLayout
  readonly head: string
  /** Whether every whitelisted pair was scored (else only the filter's survivors). */
  readonly all_pairs: boolean
  /** The fast model's share of the averaged class distributions (0: the transformer alone). */
  readonly fast_share: number
}

const transformerCardSchema = z
  .object({
    data: z
      .record(
        z.string(),
        z
          .object({
            train_documents: z.array(z.string()).optional(),
            dev_documents: z.array(z.string()).optional(),
          })
          .loose(),
      )
      .optional(),
  })
  .loose()

const cardSchema = z
  .object({
    name: z.string().default('re'),
    version: z.string().default('unknown'),
    data: z
      .object({
        train_documents: z.array(z.string()).optional(),
        dev_documents: z.array(z.string()).optional(),
        /** MACCROBAT: the BRAT relations the model learned as positives (default MODIFY). */
        relations: z.array(z.string()).optional(),
      })
      .loose()
      .optional(),
  })
  .loose()

/**
 * Runs the fast RE model (accurate mode: the transformer's head with its classes) on the fast
 * model's whitelisted pairs of gold entities in the split and scores the classes. Throws E_OPTION (corpus, split, mode), E_FILE_NOT_FOUND (data), E_MODEL_MISSING,
 * E_DATASET_EMPTY or E_DATASET_MALFORMED.
 */
export async function evaluateRe(options: ReEvalOptions): Promise<ReEvalResult> {
  const started = performance.now()
  const corpus = oneOf(options.corpus, RE_CORPORA, '--corpus')
  const split = oneOf(options.split, EVAL_SPLITS, '--split')
  const mode = oneOf(options.mode, RE_MODES, '--mode')
  if (mode === 'accurate' && !options.transformerDir) {
    throw new CoderError('E_OPTION', {
      reason: '--mode accurate needs the transformer model folder',
    })
  }
  const dataDir = resolve(options.dataDir)
  if (!existsSync(dataDir)) throw new CoderError('E_FILE_NOT_FOUND', { path: dataDir })
  const model = await loadRelationModel(options.modelDir)
  const card = readCard(options.modelDir)
  const transformer =
    mode === 'accurate' && options.transformerDir
      ? await loadTransformerRelationModel(options.transformerDir)
      : null
  // Accurate mode scores the documents the transformer held out for this corpus.
  const held = transformer ? transformerSplit(transformer.dir, corpus) : card.data
  const train = held?.train_documents
  const dev = held?.dev_documents
  const sentences = readReCorpus({
    corpus,
    split,
    dataDir,
    documents: train && dev ? { train, dev } : null,
    spec: model.spec,
    relations: card.data?.relations ?? ['MODIFY'],
  })
  const head = transformer ? headWithClasses(transformer, model.spec.classes) : null
  const { gold, predicted, kept, positiveKept } =
    transformer && head
      ? await classifyAccurate(transformer, head, model, sentences, {
          filter: !options.allPairs,
          transformerOnly: options.transformerOnly === true,
        })
      : await classify(model, sentences)
  const positives = gold.filter((label) => label !== 'O').length
  return {
    corpus,
    split,
    mode,
    pairs: gold.length,
    ...scoreRelations(gold, predicted, model.spec.classes),
    filter: { kept, positive_recall: round(positives ? positiveKept / positives : 1) },
    sentences: sentences.length,
    model: { dir: resolve(options.modelDir), name: card.name, version: card.version },
    ...(transformer && head
      ? {
          accurate: {
            dir: transformer.dir,
            name: transformer.info.name,
            version: transformer.info.version,
            layout: transformer.layout,
            head,
            all_pairs: options.allPairs === true,
            fast_share: options.transformerOnly ? 0 : FAST_SHARE,
          },
        }
      : {}),
    data: dataDir,
    seconds: round((performance.now() - started) / 1000, 2),
  }
}

/** Gold and predicted class of every candidate pair; filtered-out pairs are predicted "O". */
async function classify(
  model: RelationModel,
  sentences: ReturnType<typeof readReCorpus>,
): Promise<{ gold: string[]; predicted: string[]; kept: number; positiveKept: number }> {
  const gold: string[] = []
  const predicted: string[] = []
  const pending: { at: number; features: PairFeatures }[] = []
  let positiveKept = 0
  for (const sentence of sentences) {
    const tokenized = tokenizedSentence(sentence.text, tokenize(sentence.text), model.wordId)
    for (const pair of whitelistedPairs(tokenized, sentence.entities, model.spec)) {
      const label = goldLabel(sentence, pair.left, pair.right)
      if (pair.isKept) {
        pending.push({ at: gold.length, features: pair.features })
        if (label !== 'O') positiveKept++
      }
      gold.push(label)
      predicted.push('O')
    }
  }
  const predictions = await predictPairs(
    model,
    pending.map((entry) => entry.features),
  )
  pending.forEach((entry, k) => {
    predicted[entry.at] = model.spec.classes[predictions[k]?.classIndex ?? 0] ?? 'O'
  })
  return { gold, predicted, kept: pending.length, positiveKept }
}

/** Per-class p/r/f1/support over the non-"O" classes, their macro F1 and micro F1. */
export function scoreRelations(
  gold: readonly string[],
  predicted: readonly string[],
  classes: readonly string[],
): { macro_f1: number; micro_f1: number; per_type: Record<string, ReTypeScore> } {
  const perType: Record<string, ReTypeScore> = {}
  let tpAll = 0
  let fpAll = 0
  let fnAll = 0
  for (const name of classes.filter((c) => c !== 'O')) {
    let tp = 0
    let fp = 0
    let fn = 0
    gold.forEach((g, k) => {
      const p = predicted[k]
      if (g === name && p === name) tp++
      else if (p === name) fp++
      else if (g === name) fn++
    })
    const precision = tp + fp ? tp / (tp + fp) : 0
    const recall = tp + fn ? tp / (tp + fn) : 0
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0
    perType[name] = { p: round(precision), r: round(recall), f1: round(f1), support: tp + fn }
    tpAll += tp
    fpAll += fp
    fnAll += fn
  }
  const f1s = Object.values(perType).map((score) => score.f1)
  const macro = f1s.length ? f1s.reduce((sum, f) => sum + f, 0) / f1s.length : 0
  const micro = tpAll ? (2 * tpAll) / (2 * tpAll + fpAll + fnAll) : 0
  return { macro_f1: round(macro), micro_f1: round(micro), per_type: perType }
}

/** The accurate model's train/dev documents of one corpus (its card's data.<corpus>). */
function transformerSplit(
  dir: string,
  corpus: ReCorpus,
): { train_documents?: string[]; dev_documents?: string[] } | undefined {
  const card = readModelJson(join(dir, 'card.json'), transformerCardSchema)
  return card.data?.[corpus]
}

function readCard(dir: string): z.output<typeof cardSchema> {
  const path = join(dir, 'card.json')
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(path, 'utf8')) as unknown
  } catch {
    throw new CoderError('E_MODEL_MISSING', { path })
  }
  const parsed = cardSchema.safeParse(raw)
  if (!parsed.success) throw new CoderError('E_MODEL_MISSING', { path })
  return parsed.data
}

function oneOf<T extends string>(value: string, allowed: readonly T[], option: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw new CoderError('E_OPTION', {
    reason: `${option} ${value} is not one of ${allowed.join(', ')}`,
  })
}

function round(value: number, digits = 4): number {
  const scale = 10 ** digits
  return Math.round(value * scale) / scale
}
