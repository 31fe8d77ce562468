// Accurate mode's NER for the product's labels: the transformer's and the BiLSTM-CRF's per-token
// tag marginals averaged, then the best BIO path through the average (pipeline layer). The two
// taggers err differently: on MACCROBAT dev the average scores above either alone
// (training/encoder/README.md). Their Viterbi paths cannot be averaged; their marginals can.
import { CoderError } from '../../shared/errors'
import { crfMarginals } from './crfMarginals'
import { meta, sentenceEmissions } from './ner'
import { bodySentences, toChunks, type TaggedSentence } from './nerChunks'
import type { NerModel } from './nerModel'
import type { Analysis, Step } from './step'
import { transformerMarginals } from './transformerNer'
import type { NerHead, TransformerNerModel } from './transformerNerModel'
import { viterbi } from './viterbi'

/** The BiLSTM-CRF's share of the average (the transformer's is the rest): even, not tuned on dev. */
export const BILSTM_SHARE = 0.5

/** Whether the two taggers tag the same labels (the same tag names, in any order). */
export function sameTagSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n')
}

/** The NER step averaging `head` of the transformer with the BiLSTM-CRF (E_MODEL_MISSING if their tags differ). */
export function createBlendedNerStep(
  transformer: TransformerNerModel,
  head: NerHead,
  bilstm: NerModel,
): Step {
  if (!sameTagSet(head.tags, bilstm.tags)) {
    throw new CoderError('E_MODEL_MISSING', {
      path: `${bilstm.dir} (its tags differ from ${transformer.dir}'s ${head.name} head)`,
    })
  }
  const toHead = bilstm.tags.map((tag) => head.tags.indexOf(tag))
  return {
    meta,
    run: async (analysis: Analysis) => {
      const { text, sections } = analysis.document
      const body = bodySentences(analysis.sentences, sections)
      const [emissions, fromTransformer] = await Promise.all([
        sentenceEmissions(bilstm, text, body),
        transformerMarginals(transformer, head, text, body),
      ])
      const tagged = body.map((sentence, i) =>
        blendSentence(
          bilstm,
          emissions[i] ?? new Float32Array(0),
          fromTransformer[i] ?? new Float64Array(0),
          toHead,
          head.tags.length,
        ),
      )
      return Object.freeze({ ...analysis, chunks: toChunks(bilstm.tags, text, body, tagged) })
    },
  }
}

/**
 * One sentence: the average of the BiLSTM-CRF's marginals and the transformer's (read in the
 * BiLSTM's tag order through `toHead`), decoded by BIO-constrained Viterbi over its logarithm;
 * each chosen tag's probability is its averaged marginal.
 */
export function blendSentence(
  bilstm: Pick<NerModel, 'tags' | 'rules' | 'scores'>,
  emissions: Float32Array,
  fromTransformer: Float64Array,
  toHead: readonly number[],
  headTags: number,
): TaggedSentence {
  const numTags = bilstm.tags.length
  const length = emissions.length / numTags
  const own = crfMarginals(emissions, length, bilstm.rules, bilstm.scores)
  const logAverage = new Float64Array(length * numTags)
  for (let t = 0; t < length; t++) {
    for (let j = 0; j < numTags; j++) {
      const other = fromTransformer[t * headTags + (toHead[j] ?? 0)] ?? 0
      const average = BILSTM_SHARE * (own[t * numTags + j] ?? 0) + (1 - BILSTM_SHARE) * other
      logAverage[t * numTags + j] = Math.log(average)
    }
  }
  const tags = viterbi(logAverage, length, bilstm.rules)
  return { tags, probabilities: tags.map((tag, t) => Math.exp(logAverage[t * numTags + tag] ?? 0)) }
}
