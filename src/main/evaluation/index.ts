// Public surface of evaluation (evaluation layer): accuracy of the product's NER on dataset folders.
export { evaluateNer } from './nerEval'
export type { NerEvalOptions, NerEvalResult } from './nerEval'
export { CORPUS_FACTS, EVAL_SPLITS, NER_CORPORA } from './corpora'
export type { CorpusFacts, EvalSplit, NerCorpus } from './corpora'
export type { TypeScore } from './scorer'
