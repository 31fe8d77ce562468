// NER step: tags each sentence's tokens with the ONNX model, decodes BIO with Viterbi and turns
// the tags into chunks with offsets and confidence (pipeline layer).
import { Tensor } from 'onnxruntime-node'
import type { Sentence } from '../../shared/domain'
import { CoderError } from '../../shared/errors'
import type { Span } from '../../shared/text'
import { bodySentences, softmaxAt, toChunks, type TaggedSentence } from './nerChunks'
import type { NerModel } from './nerModel'
import type { Analysis, Step, StepMeta } from './step'
import { viterbi } from './viterbi'

/** Sentences per model call; sorted by length first, so padding stays small. */
export const MAX_BATCH_SENTENCES = 32

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

/** Runs the model over all sentences in length-sorted batches; results in sentence order. */
export async function tagSentences(
  model: NerModel,
  text: string,
  sentences: readonly Sentence[],
): Promise<TaggedSentence[]> {
  const results: TaggedSentence[] = sentences.map(() => ({ tags: [], probabilities: [] }))
  const order = sentences
    .map((sentence, i) => ({ i, length: sentence.tokens.length }))
    .filter((entry) => entry.length > 0)
    .sort((a, b) => a.length - b.length)
  for (let from = 0; from < order.length; from += MAX_BATCH_SENTENCES) {
    const batch = order.slice(from, from + MAX_BATCH_SENTENCES)
    const tokenTexts = batch.map(({ i }) => tokenStrings(text, sentences[i]?.tokens ?? []))
    const tagged = await tagBatch(model, tokenTexts)
    batch.forEach(({ i }, k) => (results[i] = tagged[k] ?? { tags: [], probabilities: [] }))
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
  return batch.map((tokens, b) => {
    const rows = emissions.subarray(b * seq * numTags, (b * seq + tokens.length) * numTags)
    const tags = viterbi(rows, tokens.length, model.rules, model.scores)
    return { tags, probabilities: tags.map((tag, t) => softmaxAt(rows, t, numTags, tag)) }
  })
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
