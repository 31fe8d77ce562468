// The pipeline: builds the NLP steps once (model loaded, step order checked) and analyzes one
// note at a time (pipeline layer; knows nothing of threads, terminology or Electron).
import type { NoteDocument } from '../../shared/domain'
import type { ModelInfo } from '../../shared/ipc'
import { assertChunks, meta as assertMeta } from './assertion'
import { createNerStep } from './ner'
import { loadNerModel } from './nerModel'
import { segment, meta as segmentMeta } from './segment'
import { checkStepOrder, runSteps, type Analysis, type Step, type StepMeta } from './step'

export interface PipelineOptions {
  /** Folder holding model.onnx, words.txt, chars.json, labels.json and card.json. */
  readonly modelDir: string
}

/** A note after every step: frozen, and every span points into document.text. */
export type AnalyzedNote = Analysis

export interface Pipeline {
  /** The steps in run order, with what each needs and gives. */
  readonly steps: readonly StepMeta[]
  /** The NER model's card summary, for the app's "about" view. */
  readonly models: readonly ModelInfo[]
  /** Runs every step on one note; a failure names its step and the document id. */
  analyze(document: NoteDocument): Promise<AnalyzedNote>
}

/** Loads the NER model (E_MODEL_MISSING when absent or broken) and checks the step order. */
export async function createPipeline(options: PipelineOptions): Promise<Pipeline> {
  const model = await loadNerModel(options.modelDir)
  const steps: Step[] = [
    { meta: segmentMeta, run: segment },
    createNerStep(model),
    { meta: assertMeta, run: assertChunks },
  ]
  const metas = steps.map((step) => step.meta)
  checkStepOrder(metas)
  return Object.freeze({
    steps: metas,
    models: [model.info],
    analyze: (document: NoteDocument) => runSteps(steps, document),
  })
}
