// NER step: tags each sentence's tokens with the ONNX model, decodes BIO with Viterbi and turns
// the tags into chunks with offsets and confidence (pipeline layer).
import { Tensor } from 'onnxruntime-node'
import type { Sentence } from '../../shared/domain'
import { CoderError } from '../../shared/errors'
import type { Span } from '../../shared/text'
import { bodySentences, softmaxAt, toChunks, type TaggedSentence } from './nerChunks'
import type { NerModel } from './nerModel'
import { linearBatchCost, planBatches } from './paddedBatches'
import type { Analysis, Step, StepMeta } from './step'
import { viterbi } from './viterbi'

/** Sentences per model call at most. */
export const MAX_BATCH_SENTENCES = 32
/** Padded tokens per model call at most (sentences × longest), to bound activation memory. */
export const MAX_BATCH_TOKENS = 2048

/**
 * CPU milliseconds of one call of the BiLSTM-CRF on one thread, measured over a grid of batch
 * sizes and lengths (bench/nerBatching.ts): the LSTMs and the char CNN work on every padded slot
 * and the call itself costs about a dozen slots, so sentences of near lengths share a call.
 */
const BATCH_COST = linearBatchCost({ perCall: 0.077, perSlot: 0.0062, perPosition: 0.0024 })

export type { TaggedSentence } from './nerChunks'

export const meta: StepMeta = { name: 'ner', needs: ['document', 'sentences'], gives: ['chunks'] }

/** The NER step bound to a loaded model. */
export function createNerStep(model: NerModel): Step {
  return {
    meta,
    run: async (analysis: Analysis) => {
      const { text, sections } = analysis.document
      const body = bodySentences(analysis.sentences, sections)
      const tagged = await tagSentences(model, text, body)
      const chunks = toChunks(model.tags, text, body, tagged)
      return Object.freeze({ ...analysis, chunks })
    },
  }
}

/** Runs the model over all sentences in batches of near length (planBatches); results in sentence order. */
export async function tagSentences(
  model: NerModel,
  text: string,
  sentences: readonly Sentence[],
): Promise<TaggedSentence[]> {
  const emissions = await sentenceEmissions(model, text, sentences)
  return emissions.map((rows) => decodeSentence(model, rows))
}

/** One sentence's emissions [tokens, tags] → its Viterbi tags and each chosen tag's softmax. */
function decodeSentence(model: NerModel, rows: Float32Array): TaggedSentence {
  const numTags = model.tags.length
  const tags = viterbi(rows, rows.length / numTags, model.rules, model.scores)
  return { tags, probabilities: tags.map((tag, t) => softmaxAt(rows, t, numTags, tag)) }
}

/**
 * Each sentence's emissions [tokens, tags] (row major; empty for a sentence without tokens), in
 * sentence order, from batches of near length (planBatches).
 */
export async function sentenceEmissions(
  model: NerModel,
  text: string,
  sentences: readonly Sentence[],
): Promise<Float32Array[]> {
  const results: Float32Array[] = sentences.map(() => new Float32Array(0))
  const tagged = sentences.flatMap((sentence, i) => (sentence.tokens.length > 0 ? [i] : []))
  const plan = planBatches(
    tagged.map((i) => sentences[i]?.tokens.length ?? 0),
    BATCH_COST,
    { maxCount: MAX_BATCH_SENTENCES, maxSlots: MAX_BATCH_TOKENS },
  )
  const numTags = model.tags.length
  for (const group of plan) {
    const batch = group.map((k) => tagged[k] ?? 0)
    const tokenTexts = batch.map((i) => tokenStrings(text, sentences[i]?.tokens ?? []))
    const emissions = await runModel(model, tokenTexts)
    const seq = Math.max(...tokenTexts.map((tokens) => tokens.length))
    batch.forEach((i, b) => {
      const length = tokenTexts[b]?.length ?? 0
      results[i] = emissions.subarray(b * seq * numTags, (b * seq + length) * numTags)
    })
  }
  return results
}

/** Emissions for one padded batch of token lists (right padding, id 0), decoded per sentence. */
export async function tagBatch(
  model: NerModel,
  batch: readonly (readonly string[])[],
): Promise<TaggedSentence[]> {
  if (batch.length === 0) return []
  const emissions = await runModel(model, batch)
  const numTags = model.tags.length
  const seq = Math.max(...batch.map((tokens) => tokens.length))
  return batch.map((tokens, b) =>
    decodeSentence(
      model,
      emissions.subarray(b * seq * numTags, (b * seq + tokens.length) * numTags),
    ),
  )
}

/** The raw emissions [batch, seq, numTags] of a padded batch, row major. */
export async function runModel(
  model: NerModel,
  batch: readonly (readonly string[])[],
): Promise<Float32Array> {
  const seq = Math.max(...batch.map((tokens) => tokens.length))
  const words = new BigInt64Array(batch.length * seq)
  const chars = new BigInt64Array(batch.length * seq * model.maxChars)
  batch.forEach((tokens, b) => {
    tokens.forEach((token, t) => {
      words[b * seq + t] = BigInt(model.wordId(token))
      const offset = (b * seq + t) * model.maxChars
      model.charIds(token).forEach((id, c) => (chars[offset + c] = BigInt(id)))
    })
  })
  const output = await model.session.run({
    words: new Tensor('int64', words, [batch.length, seq]),
    chars: new Tensor('int64', chars, [batch.length, seq, model.maxChars]),
  })
  const emissions = output['emissions']
  const expected = [batch.length, seq, model.tags.length]
  if (
    !emissions ||
    !(emissions.data instanceof Float32Array) ||
    !sameDims(emissions.dims, expected)
  ) {
    throw new CoderError('E_MODEL_MISSING', { path: `${model.dir}/model.onnx` })
  }
  return emissions.data
}

function tokenStrings(text: string, tokens: readonly Span[]): string[] {
  return tokens.map((token) => text.slice(token.start, token.end))
}

function sameDims(dims: readonly number[], expected: readonly number[]): boolean {
  return dims.length === expected.length && dims.every((d, i) => d === expected[i])
}
