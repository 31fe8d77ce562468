// Transformer NER step: each sentence's product tokens as WordPiece windows ([CLS] pieces [SEP]),
// one ONNX call per length-sorted batch, BIO-constrained Viterbi over each window's first-piece
// logits, then the same BIO chunks as the BiLSTM-CRF step gives (pipeline layer). Mirrors
// training/encoder layouts.token_windows / ner_sequence and finetune.ner_predict.
import { Tensor } from 'onnxruntime-node'
import type { Sentence } from '../../shared/domain'
import { CoderError } from '../../shared/errors'
import { crfMarginals } from './crfMarginals'
import { meta } from './ner'
import { bodySentences, softmaxAt, toChunks, type TaggedSentence } from './nerChunks'
import { linearBatchCost, planBatches } from './paddedBatches'
import type { Analysis, Step } from './step'
import { headOf, type NerHead, type TransformerNerModel } from './transformerNerModel'
import { viterbi } from './viterbi'

/** Windows per model call at most; sorted by length first, so padding stays small. */
export const MAX_BATCH_WINDOWS = 16
/** Padded pieces per model call at most (windows × longest window), to bound attention memory. */
export const MAX_BATCH_PIECES = 4096

/** Tokens [first, end) of one sentence that go into one model window. */
export interface TokenWindow {
  readonly first: number
  readonly end: number
}

/** One window's model input: piece ids with [CLS] and [SEP], and the index of each token's first piece. */
export interface WindowInput {
  readonly ids: readonly number[]
  readonly firstPieces: readonly number[]
}

/**
 * Cuts a sentence into windows of whole tokens holding at most `maxPieces` pieces each (a token
 * counts at most maxPieces); a token that would overflow a non-empty window starts the next one.
 */
export function tokenWindows(pieceCounts: readonly number[], maxPieces: number): TokenWindow[] {
  const windows: TokenWindow[] = []
  let first = 0
  let used = 0
  pieceCounts.forEach((count, k) => {
    const n = Math.min(count, maxPieces)
    if (used + n > maxPieces && k > first) {
      windows.push({ first, end: k })
      first = k
      used = 0
    }
    used += n
  })
  windows.push({ first, end: pieceCounts.length })
  return windows
}

/** [CLS] + each token's pieces + [SEP], at most maxPieces + 2 ids; a token is read at its first piece. */
export function windowInput(
  pieces: readonly (readonly number[])[],
  maxPieces: number,
  ids: TransformerNerModel['ids'],
): WindowInput {
  const out = [ids.cls]
  const firstPieces: number[] = []
  for (const tokenPieces of pieces) {
    firstPieces.push(out.length)
    out.push(...tokenPieces.slice(0, maxPieces))
  }
  out.push(ids.sep)
  return { ids: out.slice(0, maxPieces + 2), firstPieces }
}

/** The NER step tagging with one head of a transformer model (E_OPTION when it has no such head). */
export function createTransformerNerStep(model: TransformerNerModel, headName: string): Step {
  const head = headOf(model, headName)
  return {
    meta,
    run: async (analysis: Analysis) => {
      const { text, sections } = analysis.document
      const body = bodySentences(analysis.sentences, sections)
      const tagged = await tagWithTransformer(model, head, text, body)
      const chunks = toChunks(head.tags, text, body, tagged)
      return Object.freeze({ ...analysis, chunks })
    },
  }
}

interface Unit {
  readonly sentence: number
  readonly window: TokenWindow
  readonly input: WindowInput
}

/**
 * Tags every token of every sentence (results in sentence order), in length-sorted batches. A
 * sentence cut into windows is decoded window by window (as the CRF was trained), then joined.
 */
export async function tagWithTransformer(
  model: TransformerNerModel,
  head: NerHead,
  text: string,
  sentences: readonly Sentence[],
): Promise<TaggedSentence[]> {
  const units = windowUnits(model, text, sentences)
  const tags = sentences.map((s) => new Array<number>(s.tokens.length).fill(0))
  const probabilities = sentences.map((s) => new Array<number>(s.tokens.length).fill(0))
  for (const batch of batches(units)) {
    const tagged = await tagBatch(
      model,
      head,
      batch.map((unit) => unit.input),
    )
    batch.forEach((unit, b) => {
      const result = tagged[b]
      const sentenceTags = tags[unit.sentence]
      const sentenceProbabilities = probabilities[unit.sentence]
      if (!result || !sentenceTags || !sentenceProbabilities) return
      result.tags.forEach((tag, t) => {
        sentenceTags[unit.window.first + t] = tag
        sentenceProbabilities[unit.window.first + t] = result.probabilities[t] ?? 0
      })
    })
  }
  return sentences.map((_, i) => ({ tags: tags[i] ?? [], probabilities: probabilities[i] ?? [] }))
}

/**
 * Each sentence's tag marginals [tokens, head tags] (row major; empty without tokens): the CRF's
 * forward-backward over each window's first-piece logits (over the plain logits for a head without
 * a CRF, which gives their softmax under the BIO rules), in length-sorted batches.
 */
export async function transformerMarginals(
  model: TransformerNerModel,
  head: NerHead,
  text: string,
  sentences: readonly Sentence[],
): Promise<Float64Array[]> {
  const numTags = head.tags.length
  const out = sentences.map((s) => new Float64Array(s.tokens.length * numTags))
  const units = windowUnits(model, text, sentences)
  for (const batch of batches(units)) {
    const logits = await runHead(
      model,
      head,
      batch.map((unit) => unit.input),
    )
    const seq = Math.max(...batch.map((unit) => unit.input.ids.length))
    batch.forEach((unit, b) => {
      const { firstPieces } = unit.input
      const emissions = new Float64Array(firstPieces.length * numTags)
      firstPieces.forEach((piece, t) => {
        const at = (b * seq + piece) * numTags
        emissions.set(logits.subarray(at, at + numTags), t * numTags)
      })
      const marginals = crfMarginals(
        emissions,
        firstPieces.length,
        head.rules,
        head.crf ?? undefined,
      )
      out[unit.sentence]?.set(marginals, unit.window.first * numTags)
    })
  }
  return out
}

/** The model windows of every sentence with tokens, in sentence order. */
function windowUnits(
  model: TransformerNerModel,
  text: string,
  sentences: readonly Sentence[],
): Unit[] {
  return sentences.flatMap((sentence, i) => {
    if (sentence.tokens.length === 0) return []
    const pieces = sentence.tokens.map((token) =>
      model.wordPiece.tokenIds(text.slice(token.start, token.end)),
    )
    return tokenWindows(
      pieces.map((p) => p.length),
      model.maxPieces,
    ).map((window) => ({
      sentence: i,
      window,
      input: windowInput(pieces.slice(window.first, window.end), model.maxPieces, model.ids),
    }))
  })
}

/**
 * CPU milliseconds of one encoder call on one thread (bench/nerBatching.ts): every padded piece
 * costs the same 4 × 256 layers, and the call itself about ten pieces' worth.
 */
const BATCH_COST = linearBatchCost({ perCall: 0.2, perSlot: 0.02 })

/** Units in batches of near length (planBatches), within MAX_BATCH_WINDOWS and MAX_BATCH_PIECES. */
function batches(units: readonly Unit[]): Unit[][] {
  const plan = planBatches(
    units.map((unit) => unit.input.ids.length),
    BATCH_COST,
    { maxCount: MAX_BATCH_WINDOWS, maxSlots: MAX_BATCH_PIECES },
  )
  return plan.map((group) => group.flatMap((i) => units[i] ?? []))
}

/**
 * One model call on a right-padded batch of windows: each window's tags by Viterbi over its
 * tokens' first pieces, with the softmax probability of each chosen tag.
 */
export async function tagBatch(
  model: TransformerNerModel,
  head: NerHead,
  batch: readonly WindowInput[],
): Promise<TaggedSentence[]> {
  if (batch.length === 0) return []
  const logits = await runHead(model, head, batch)
  const numTags = head.tags.length
  const seq = Math.max(...batch.map((input) => input.ids.length))
  return batch.map((input, b) => {
    const rows = logits.subarray(b * seq * numTags, (b + 1) * seq * numTags)
    const tags = decodeWindow(head, rows, input.firstPieces)
    return {
      tags,
      probabilities: tags.map((tag, t) => softmaxAt(rows, input.firstPieces[t] ?? 0, numTags, tag)),
    }
  })
}

/**
 * The best BIO-valid tag path of one window, one tag per token: Viterbi over the logits at
 * `firstPieces` of `rows` ([pieces, tags], row major) plus the head's CRF scores when it has
 * them; without a CRF over their log-softmax, as training's ner_predict decodes.
 */
export function decodeWindow(
  head: NerHead,
  rows: Float32Array,
  firstPieces: readonly number[],
): number[] {
  const numTags = head.tags.length
  const emissions = new Float64Array(firstPieces.length * numTags)
  firstPieces.forEach((piece, t) => {
    const row = rows.subarray(piece * numTags, (piece + 1) * numTags)
    const at = t * numTags
    if (head.crf) emissions.set(row, at)
    else logSoftmaxInto(row, emissions, at)
  })
  return viterbi(emissions, firstPieces.length, head.rules, head.crf ?? undefined)
}

/** log-softmax of `row` into out[at…], in float64 as training's numpy log_softmax. */
function logSoftmaxInto(row: Float32Array, out: Float64Array, at: number): void {
  let max = -Infinity
  for (const value of row) if (value > max) max = value
  let sum = 0
  for (const value of row) sum += Math.exp(value - max)
  const logSum = Math.log(sum)
  row.forEach((value, k) => (out[at + k] = value - max - logSum))
}

/** The head's logits [batch, seq, numTags] of a right-padded batch (pad id, mask 0), row major. */
export async function runHead(
  model: TransformerNerModel,
  head: NerHead,
  batch: readonly WindowInput[],
): Promise<Float32Array> {
  const seq = Math.max(...batch.map((input) => input.ids.length))
  const ids = new BigInt64Array(batch.length * seq).fill(BigInt(model.ids.pad))
  const mask = new BigInt64Array(batch.length * seq)
  batch.forEach((input, b) => {
    input.ids.forEach((id, t) => {
      ids[b * seq + t] = BigInt(id)
      mask[b * seq + t] = 1n
    })
  })
  const output = await model.session.run(
    {
      input_ids: new Tensor('int64', ids, [batch.length, seq]),
      attention_mask: new Tensor('int64', mask, [batch.length, seq]),
    },
    [head.output],
  )
  const data = output[head.output]?.data
  const dims = output[head.output]?.dims ?? []
  const expected = [batch.length, seq, head.tags.length]
  const hasShape = dims.length === expected.length && dims.every((d, i) => d === expected[i])
  if (!(data instanceof Float32Array) || !hasShape) {
    throw new CoderError('E_MODEL_MISSING', { path: `${model.dir}/model.onnx` })
  }
  return data
}
