// The pipeline: builds the NLP steps once (model loaded, step order checked) and analyzes one
// note at a time (pipeline layer; knows nothing of threads, terminology or Electron).
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { NoteDocument } from '../../shared/domain'
import type { ModelInfo } from '../../shared/ipc'
import { assertChunks, meta as assertMeta } from './assertion'
import { createNerStep } from './ner'
import { enrichStep } from './enrich'
import { loadNerModel } from './nerModel'
import { createPairStep } from './pair'
import { loadRelationModel } from './reModel'
import { createRelateStep } from './relate'
import { segment, meta as segmentMeta } from './segment'
import {
  checkStepOrder,
  runSteps,
  type Analysis,
  type Step,
  type StepMeta,
  type StepTimings,
} from './step'

export interface PipelineOptions {
  /** Folder holding model.onnx, words.txt, chars.json, labels.json and card.json. */
  readonly modelDir: string
  /**
   * Folder of the fast RE model (model.onnx, words.txt, labels.json, card.json). Default: the
   * `re-clinical` folder beside modelDir when it exists; without one, notes get no relations.
   */
  readonly reModelDir?: string
}

/** The RE model folder name the default looks for beside the NER model. */
export const DEFAULT_RE_MODEL = 're-clinical'

/** A note after every step: frozen, and every span points into document.text. */
export type AnalyzedNote = Analysis

export interface Pipeline {
  /** The steps in run order, with what each needs and gives. */
  readonly steps: readonly StepMeta[]
  /** The NER model's card summary, for the app's "about" view. */
  readonly models: readonly ModelInfo[]
  /** Runs every step on one note; a failure names its step and the document id. */
  /** Runs every step; with `timings`, adds each step's milliseconds to it. */
  analyze(document: NoteDocument, timings?: StepTimings): Promise<AnalyzedNote>
}

/**
 * Loads the NER and RE models (E_MODEL_MISSING when absent or broken, and when a reModelDir
 * given is) and checks the step order.
 */
export async function createPipeline(options: PipelineOptions): Promise<Pipeline> {
  const model = await loadNerModel(options.modelDir)
  const reDir = options.reModelDir ?? join(dirname(options.modelDir), DEFAULT_RE_MODEL)
  const hasRe = options.reModelDir !== undefined || existsSync(reDir)
  const reModel = hasRe ? await loadRelationModel(reDir) : null
  const steps: Step[] = [
    { meta: segmentMeta, run: segment },
    createNerStep(model),
    { meta: assertMeta, run: assertChunks },
    ...(reModel ? [createPairStep(reModel), createRelateStep(reModel), enrichStep] : []),
  ]
  const metas = steps.map((step) => step.meta)
  checkStepOrder(metas)
  return Object.freeze({
    steps: metas,
    models: reModel ? [model.info, reModel.info] : [model.info],
    analyze: (document: NoteDocument, timings?: StepTimings) => runSteps(steps, document, timings),
  })
}
