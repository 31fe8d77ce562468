// Public surface of the NLP pipeline (pipeline layer): import a note, analyze it.
export {
  createPipeline,
  DEFAULT_RE_MODEL,
  EXTRA_RE_MODELS,
  NER_MODEL_FOR,
  PIPELINE_MODES,
} from './pipeline'
export type { AnalyzedNote, Pipeline, PipelineMode, PipelineOptions } from './pipeline'
export { DEFAULT_NER_HEAD, loadNerStep, nerModelKind } from './nerStep'
export type { LoadedNerStep, NerModelKind } from './nerStep'
export { decodeNote, listNotes, readNote, MAX_NOTE_BYTES, NOTE_EXTENSIONS } from './importNote'
export type { DecodedNote } from './importNote'
export { findSections } from './sections'
export { splitSentences, tokenize, TOKEN_PATTERN, MAX_SENTENCE_TOKENS } from './segment'
export { assertChunk, findCues, ASSERTED_LABELS } from './assertion'
export type { AssertionResult, Cue } from './assertion'
export { checkStepOrder } from './step'
export type { Analysis, Fact, Step, StepMeta, StepTimings } from './step'
export { readModelCard, readModelJson } from './modelFiles'
export { loadRelationModel, pairSpecSchema } from './reModel'
export type { PairRule, RelationModel, RelationSpec } from './reModel'
export {
  findRule,
  pairFeatures,
  passesFilter,
  tokenizedSentence,
  tokenRange,
  whitelistedPairs,
} from './pair'
export type {
  CandidatePair,
  IndexedPair,
  PairEntity,
  PairFeatures,
  TokenizedSentence,
} from './pair'
export { predictPairs, runRelationModel } from './relate'
export { blendPair, FAST_SHARE } from './relationBlend'
export {
  classifySentences,
  DEFAULT_RE_TRANSFORMER,
  headWithClasses,
  loadTransformerRelationModel,
  TRANSFORMER_LAYOUTS,
} from './reTransformer'
export type {
  MarkedEntity,
  MarkedSentence,
  PairClass,
  TransformerLayout,
  TransformerRelationModel,
} from './reTransformer'
export type { PairPrediction } from './relate'
export { enrichChunks, CORE_LABELS, MODIFIER_ORDER } from './enrich'
