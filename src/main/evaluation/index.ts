// Public surface of evaluation (evaluation layer): accuracy of the product's NER, RE, normalization and coding on dataset folders.
export { evaluateNer, LITERATURE_NER_MODEL, nerModelForEval } from './nerEval'
export type { NerEvalOptions, NerEvalResult } from './nerEval'
export { CORPUS_FACTS, EVAL_SPLITS, NER_CORPORA } from './corpora'
export type { CorpusFacts, DocumentSplit, EvalSplit, NerCorpus } from './corpora'
export type { TypeScore } from './scorer'
export { evaluateRe, RE_MODEL_FOR, RE_MODES, scoreRelations } from './reEval'
export type { ReEvalOptions, ReEvalResult, ReMode, ReTypeScore } from './reEval'
export { RE_CORPORA, RE_CORPUS_FOLDERS } from './reCorpora'
export type { ReCorpus } from './reCorpora'
export { evaluateNormalization, score as scoreNormalization } from './normalizationEval'
export type {
  MentionRanker,
  NormalizationEvalOptions,
  NormalizationEvalResult,
  RankAccuracy,
} from './normalizationEval'
export { isDevDocument, NORMALIZATION_CORPORA, readPgrMentions } from './normalizationCorpus'
export type { NormalizationCorpus, NormalizationMention } from './normalizationCorpus'
export { checkReCsv, RE_CSV_COLUMNS, readReCsvSpec } from './reCsv'
export type { EndConvention, ReCsvCheck, ReCsvProblem, ReCsvSpec } from './reCsv'
export {
  averagePrecision,
  CATEGORY_CHARACTERS,
  CODING_SYSTEM,
  CODING_VIEWS,
  evaluateCoding,
  meanAveragePrecision,
  meanAveragePrecisionOverGold,
  microScores,
  proposedCodes,
  rankedCodes,
  scoredNote,
  scoreNotes,
  viewSuggestions,
} from './codingEval'
export type {
  CodedNoteSuggestions,
  CodeNotes,
  CodeNotesRequest,
  CodingEvalOptions,
  CodingEvalResult,
  CodingScore,
  CodingView,
  ScoredNote,
} from './codingEval'
export { CODING_CORPORA, CODING_KINDS, normalizeCode, readCodiesp } from './codingCorpus'
export type { CodingCorpus, CodingDocument, CodingKind, CodingSet } from './codingCorpus'
