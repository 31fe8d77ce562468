// `eval ner` as a service: the product's own pipeline over a corpus split, scored against gold
// spans mapped as training maps them (evaluation layer).
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { CoderError } from '../../shared/errors'
import {
  createPipeline,
  findSections,
  nerModelKind,
  NER_MODEL_FOR,
  PIPELINE_MODES,
  type NerModelKind,
  type Pipeline,
  type PipelineMode,
} from '../pipeline'
import {
  CORPUS_FACTS,
  EVAL_SPLITS,
  NER_CORPORA,
  readCorpus,
  type EvalDocument,
  type EvalSplit,
  type NerCorpus,
} from './corpora'
import { readModelFacts } from './modelFacts'
import type { LabeledSpan } from './nerGold'
import { scoreNer, type ScoredDocument, type TypeScore } from './scorer'

export interface NerEvalOptions {
  readonly corpus: string
  readonly split: string
  /** A folder laid out like the corpus's folder under ../shared/datasets. */
  readonly dataDir: string
  /** The NER model directory (model.onnx, labels.json, card.json, …). */
  readonly modelDir: string
  /**
   * A BiLSTM-CRF folder a transformer head of the same labels is averaged with, as accurate mode
   * tags a note (nerBlend.ts); none: the model alone.
   */
  readonly blendDir?: string
  /** Called after each document is tagged. */
  readonly onProgress?: (done: number, total: number) => void
}

/** CLI.md's `eval ner` object, plus counts and provenance. */
export interface NerEvalResult {
  readonly corpus: NerCorpus
  readonly split: EvalSplit
  readonly micro_f1: number
  readonly p: number
  readonly r: number
  readonly per_type: Readonly<Record<string, TypeScore>>
  /** Labels scored: the model's labels the corpus annotates. */
  readonly labels_compared: readonly string[]
  /** Predicted label → label it is scored as (literature "Disease" covers Symptom). */
  readonly merged: Readonly<Record<string, string>>
  /** Predicted spans left out because the corpus does not annotate their label. */
  readonly ignored_predictions: number
  /** Gold spans left out because the model has no such label. */
  readonly ignored_gold: number
  readonly documents: number
  readonly gold_spans: number
  readonly predicted_spans: number
  readonly model: {
    readonly dir: string
    readonly name: string
    readonly version: string
    readonly kind: NerModelKind
    /** The transformer head that tagged the corpus; null for a BiLSTM-CRF model. */
    readonly head: string | null
    /** The BiLSTM-CRF the head was averaged with, when it was. */
    readonly blended_with: string | null
  }
  readonly data: string
  readonly seconds: number
}

/** The literature corpora's transformer model: one head per corpus (bc5cdr, ncbi_disease, ddi2013, ade). */
export const LITERATURE_NER_MODEL = 'ner-literature'

/**
 * The model folder name (under resources/models) `eval ner --mode` scores a corpus with: fast,
 * the BiLSTM-CRF; accurate, the clinical transformer for MACCROBAT and the literature
 * transformer, with the corpus's own head, for the others. E_OPTION for another mode.
 */
export function nerModelForEval(mode: string, corpus: string): string {
  const checked: PipelineMode = oneOf(mode, PIPELINE_MODES, '--mode')
  if (checked === 'fast' || corpus === 'maccrobat') return NER_MODEL_FOR[checked]
  return LITERATURE_NER_MODEL
}

/**
 * Tags every document of the split with the product pipeline and scores exact span + label
 * matches. Throws E_OPTION (corpus, split), E_FILE_NOT_FOUND (data), E_MODEL_MISSING,
 * E_DATASET_EMPTY or E_DATASET_MALFORMED.
 */
export async function evaluateNer(options: NerEvalOptions): Promise<NerEvalResult> {
  const started = performance.now()
  const corpus = oneOf(options.corpus, NER_CORPORA, '--corpus')
  const split = oneOf(options.split, EVAL_SPLITS, '--split')
  const dataDir = resolve(options.dataDir)
  if (!existsSync(dataDir)) throw new CoderError('E_FILE_NOT_FOUND', { path: dataDir })
  const model = readModelFacts(options.modelDir, corpus)
  const pipeline = await createPipeline({
    modelDir: options.modelDir,
    ...(model.head ? { nerHead: model.head } : {}),
    ...(options.blendDir ? { nerBlendDir: options.blendDir } : {}),
  })
  const documents = readCorpus({
    corpus,
    split,
    dataDir,
    keepModifier: model.labels.includes('Modifier'),
    documentSplit: model.documentSplit,
  })
  const facts = CORPUS_FACTS[corpus]
  const annotates = facts.annotates
  const compared = annotates ? model.labels.filter((l) => annotates.includes(l)) : model.labels
  const tagged: ScoredDocument[] = []
  for (const [i, document] of documents.entries()) {
    tagged.push({ gold: document.gold, predicted: await predict(pipeline, document, facts.merged) })
    options.onProgress?.(i + 1, documents.length)
  }
  const score = scoreNer(tagged, compared)
  return {
    corpus,
    split,
    ...score,
    labels_compared: compared,
    merged: facts.merged,
    ignored_predictions: countOutside(
      tagged.flatMap((d) => d.predicted),
      compared,
    ),
    ignored_gold: countOutside(
      tagged.flatMap((d) => d.gold),
      compared,
    ),
    documents: documents.length,
    gold_spans: sum(Object.values(score.per_type).map((t) => t.support)),
    predicted_spans: sum(Object.values(score.per_type).map((t) => t.predicted)),
    model: {
      dir: resolve(options.modelDir),
      name: model.name,
      version: model.version,
      kind: nerModelKind(options.modelDir),
      head: model.head,
      blended_with: pipeline.nerBlendedWith?.name ?? null,
    },
    data: dataDir,
    seconds: Math.round(performance.now() - started) / 1000,
  }
}

/** The chunks the app would show for the document, labels merged as the corpus needs. */
async function predict(
  pipeline: Pipeline,
  document: EvalDocument,
  merged: Readonly<Record<string, string>>,
): Promise<LabeledSpan[]> {
  const analysis = await pipeline.analyze({
    id: document.id,
    path: document.id,
    text: document.text,
    encoding: 'utf-8',
    sections: findSections(document.text),
  })
  return analysis.chunks.map(({ start, end, label }) => ({
    start,
    end,
    label: merged[label] ?? label,
  }))
}

function countOutside(spans: readonly LabeledSpan[], labels: readonly string[]): number {
  return spans.filter((span) => !labels.includes(span.label)).length
}

function oneOf<T extends string>(value: string, allowed: readonly T[], option: string): T {
  const found = allowed.find((candidate) => candidate === value)
  if (found) return found
  throw new CoderError('E_OPTION', {
    reason: `${option} must be one of ${allowed.join(', ')}, got "${value}"`,
  })
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0)
}
