// The pipeline: builds the NLP steps once (model loaded, step order checked) and analyzes one
// note at a time (pipeline layer; knows nothing of threads, terminology or Electron).
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { CODING_MODES, type CodingMode, type NoteDocument } from '../../shared/domain'
import type { ModelInfo } from '../../shared/ipc'
import { assertChunks, meta as assertMeta } from './assertion'
import { enrichStep } from './enrich'
import { createExtraRelateStep } from './extraRelations'
import { consistencyStep } from './mentionConsistency'
import { loadNerStep, nerModelKind } from './nerStep'
import { createPairStep } from './pair'
import { loadRelationModel } from './reModel'
import { createAccurateRelateStep, createRelateStep } from './relate'
import {
  DEFAULT_RE_TRANSFORMER,
  headWithClasses,
  loadTransformerRelationModel,
} from './reTransformer'
import { segment, meta as segmentMeta } from './segment'
import {
  checkStepOrder,
  runSteps,
  type Analysis,
  type Step,
  type StepMeta,
  type StepTimings,
} from './step'

/** 'fast': the BiLSTM-CRF NER; 'accurate': the transformer NER (and the accurate relation model). */
export type PipelineMode = CodingMode
export const PIPELINE_MODES: readonly PipelineMode[] = CODING_MODES

/** The NER model folder of each mode; they sit side by side (resources/models). */
export const NER_MODEL_FOR: Readonly<Record<PipelineMode, string>> = {
  fast: 'ner',
  accurate: 'ner-transformer',
}

export interface PipelineOptions {
  /**
   * The fast mode's NER model folder: a BiLSTM-CRF (model.onnx, words.txt, chars.json,
   * labels.json, card.json) or a transformer one (vocab.txt, labels.json with heads); its
   * labels.json tells which. The other modes' and steps' models default to folders beside it.
   */
  readonly modelDir: string
  /** Default 'fast'. 'accurate' tags with NER_MODEL_FOR.accurate beside modelDir. */
  readonly mode?: PipelineMode
  /** The head a transformer NER model tags with (default: 'maccrobat', the product's labels). */
  readonly nerHead?: string
  /**
   * Folder of the fast RE model (model.onnx, words.txt, labels.json, card.json). Default: the
   * `re-clinical` folder beside modelDir when it exists; without one, notes get no relations.
   */
  readonly reModelDir?: string
  /**
   * Further fast RE model folders, each run with its own pair spec after enrichment (which so
   * reads only the main model's relations); their relations are added to the note's. Default:
   * the EXTRA_RE_MODELS folders beside modelDir that exist.
   */
  readonly extraReModelDirs?: readonly string[]
  /** Accurate mode's transformer RE model folder (default: DEFAULT_RE_TRANSFORMER beside modelDir). */
  readonly reTransformerDir?: string
  /**
   * A BiLSTM-CRF folder whose marginals a transformer NER head of the same labels is averaged
   * with (nerBlend.ts). Default: in accurate mode, modelDir when it is a BiLSTM-CRF; else none.
   */
  readonly nerBlendDir?: string
}

/** The RE model folder name the default looks for beside the NER model. */
export const DEFAULT_RE_MODEL = 're-clinical'

/**
 * The further fast RE models the default runs: a drug's dosage, route, frequency and duration, and
 * BEFORE/AFTER/OVERLAP between events and times. Not re-cause: its dev macro F1 (0.32) is too low
 * to show a coder. Not re-ade: the NER has no adverse-effect label, so it would only relate
 * Drug → Dosage, as re-posology's drug_dosage already does (training/re/README.md).
 */
export const EXTRA_RE_MODELS: readonly string[] = ['re-posology', 're-temporal']

/** A note after every step: frozen, and every span points into document.text. */
export type AnalyzedNote = Analysis

export interface Pipeline {
  readonly mode: PipelineMode
  /** The steps in run order, with what each needs and gives. */
  readonly steps: readonly StepMeta[]
  /** The card summaries of the models it runs (NER first), for the app's "about" view. */
  readonly models: readonly ModelInfo[]
  /** The BiLSTM-CRF the transformer NER is averaged with (nerBlend.ts), when it is. */
  readonly nerBlendedWith: ModelInfo | null
  /**
   * Runs every step on one note; a failure names its step and the document id. With `timings`,
   * adds each step's milliseconds to it.
   */
  analyze(document: NoteDocument, timings?: StepTimings): Promise<AnalyzedNote>
}

/**
 * Loads the mode's NER model and the RE model (E_MODEL_MISSING when absent or broken, and when a
 * reModelDir given is; E_OPTION for a head the NER model lacks) and checks the step order.
 */
export async function createPipeline(options: PipelineOptions): Promise<Pipeline> {
  const mode = options.mode ?? 'fast'
  const nerDir =
    mode === 'fast' ? options.modelDir : join(dirname(options.modelDir), NER_MODEL_FOR[mode])
  const blendDir =
    options.nerBlendDir ??
    (mode === 'accurate' && nerModelKind(options.modelDir) === 'bilstm-crf'
      ? options.modelDir
      : undefined)
  const ner = await loadNerStep(nerDir, options.nerHead, blendDir)
  const reDir = options.reModelDir ?? join(dirname(options.modelDir), DEFAULT_RE_MODEL)
  const hasRe = options.reModelDir !== undefined || existsSync(reDir)
  const reModel = hasRe ? await loadRelationModel(reDir) : null
  // Accurate mode classifies the fast model's candidate pairs with the transformer's head of the
  // same classes, averaged with the fast model's distribution (relationBlend.ts).
  const transformer =
    reModel && mode === 'accurate'
      ? await loadTransformerRelationModel(
          options.reTransformerDir ?? join(dirname(options.modelDir), DEFAULT_RE_TRANSFORMER),
        )
      : null
  const relate =
    reModel && transformer
      ? createAccurateRelateStep(
          transformer,
          headWithClasses(transformer, reModel.spec.classes),
          reModel,
        )
      : reModel && createRelateStep(reModel)
  const extraDirs =
    options.extraReModelDirs ??
    EXTRA_RE_MODELS.map((name) => join(dirname(options.modelDir), name)).filter((dir) =>
      existsSync(dir),
    )
  const extraModels = await Promise.all(extraDirs.map(loadRelationModel))
  const steps: Step[] = [
    { meta: segmentMeta, run: segment },
    ner.step,
    consistencyStep,
    { meta: assertMeta, run: assertChunks },
    ...(reModel && relate ? [createPairStep(reModel), relate, enrichStep] : []),
    ...extraModels.map(createExtraRelateStep),
  ]
  const metas = steps.map((step) => step.meta)
  checkStepOrder(metas)
  return Object.freeze({
    mode,
    steps: metas,
    models: [
      ner.info,
      ner.blendedWith ?? undefined,
      reModel?.info,
      transformer?.info,
      ...extraModels.map((m) => m.info),
    ].filter((info) => info !== undefined),
    nerBlendedWith: ner.blendedWith,
    analyze: (document: NoteDocument, timings?: StepTimings) => runSteps(steps, document, timings),
  })
}
