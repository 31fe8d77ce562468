// The accurate relation model (pipeline layer): a transformer encoder with entity markers and one
// classification head per corpus, loaded once per thread, that classifies the candidate pairs of
// whole sentences in length-sorted batches, one pass per pair or one pass per sentence as its
// labels.json `layout` says.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { Tensor, type InferenceSession } from 'onnxruntime-node'
import { z } from 'zod'
import { CoderError } from '../../shared/errors'
import type { ModelInfo } from '../../shared/ipc'
import {
  pairBatch,
  pairSequence,
  sentenceBatch,
  sentenceSequence,
  type BatchTensors,
  type MarkerIds,
  type PairSequence,
  type SentenceSequence,
  type TokenRange,
} from './markerLayouts'
import {
  loadOncePerProcess,
  openOnnxSession,
  readModelCard,
  readModelJson,
  readModelLines,
} from './modelFiles'
import { createWordPiece, type WordPiece } from './wordPiece'

/**
 * The accurate relation model folder the product uses (resources/models): one pass per pair. One
 * pass per sentence (re-transformer-onepass) is 2.7x faster in the relate step but scores 0.74
 * against 0.81 macro F1 on the clinical dev pairs, and accurate mode is well inside its speed
 * budget either way (1k notes in 31 s with one pass per sentence, goal 120 s), so accuracy wins.
 */
export const DEFAULT_RE_TRANSFORMER = 're-transformer'

export const TRANSFORMER_LAYOUTS = ['pair', 'sentence'] as const
/** pair: one pass per pair, inline markers; sentence: one pass per sentence, levitated markers. */
export type TransformerLayout = (typeof TRANSFORMER_LAYOUTS)[number]

/** One corpus's classification head: its classes ("O" first) and output name. */
export interface TransformerHead {
  readonly classes: readonly string[]
  readonly output: string
}

export interface TransformerRelationModel {
  readonly dir: string
  readonly layout: TransformerLayout
  readonly session: InferenceSession
  readonly heads: Readonly<Record<string, TransformerHead>>
  /** Entity types the head_type/tail_type inputs index. */
  readonly types: readonly string[]
  readonly markers: MarkerIds
  /** Most pieces of a pair's sequence, [CLS] and [SEP] included. */
  readonly pairLength: number
  /** Most text pieces of a sentence in the one-pass layout. */
  readonly maxPieces: number
  readonly maskValue: number
  readonly wordPiece: WordPiece
  readonly info: ModelInfo
}

/** An entity of a sentence: its product tokens and its type. */
export interface MarkedEntity extends TokenRange {
  readonly label: string
}

/** A sentence to classify: each product token's pieces, its entities, and the pairs to score. */
export interface MarkedSentence {
  readonly pieces: readonly (readonly number[])[]
  readonly entities: readonly MarkedEntity[]
  /**
   * Entity indices, `first` before `second` in the sentence. A pair whose entities cover no
   * token or share one cannot be marked: it is classified "O" (training left such pairs out).
   */
  readonly pairs: readonly { readonly first: number; readonly second: number }[]
}

/**
 * A pair's argmax class in its head's classes (0 = "O"), that class's probability, and every
 * class's probability in the head's class order (empty for a pair the model did not read).
 */
export interface PairClass {
  readonly classIndex: number
  readonly probability: number
  readonly probabilities: readonly number[]
}

const INPUTS = [
  'input_ids',
  'position_ids',
  'attention_bias',
  'head_index',
  'tail_index',
  'head_type',
  'tail_type',
] as const

/** Pieces per model call (batch × width), so a batch of long sequences stays small. */
const PIECES_PER_CALL = 4096

const labelsSchema = z.object({
  kind: z.literal('re'),
  layout: z.enum(TRANSFORMER_LAYOUTS),
  heads: z.record(
    z.string(),
    z.object({ classes: z.array(z.string()).min(2), output: z.string().min(1) }),
  ),
  types: z.array(z.string()).min(1),
  markers: z.object({
    '[E1]': z.number().int(),
    '[/E1]': z.number().int(),
    '[E2]': z.number().int(),
    '[/E2]': z.number().int(),
    '[ENT]': z.number().int(),
    '[/ENT]': z.number().int(),
  }),
  pairLength: z.number().int().min(8),
  maxPieces: z.number().int().positive(),
  maskValue: z.number(),
})

// One session per thread: module state is per worker, and every pipeline or evaluation on the
// same directory in that thread shares it.
const loaded = new Map<string, Promise<TransformerRelationModel>>()

/** The transformer RE model in `dir`, loaded once per thread; E_MODEL_MISSING when absent or broken. */
export function loadTransformerRelationModel(dir: string): Promise<TransformerRelationModel> {
  return loadOncePerProcess(loaded, dir, openModel)
}

async function openModel(dir: string): Promise<TransformerRelationModel> {
  if (!existsSync(dir)) throw new CoderError('E_MODEL_MISSING', { path: dir })
  const labelsPath = join(dir, 'labels.json')
  const labels = readModelJson(labelsPath, labelsSchema)
  const heads = Object.values(labels.heads)
  if (heads.some((head) => head.classes[0] !== 'O')) {
    throw new CoderError('E_MODEL_MISSING', { path: labelsPath })
  }
  const wordPiece = createWordPiece(readModelLines(join(dir, 'vocab.txt')))
  // The markers close the vocabulary: a vocabulary of another size belongs to another model.
  const markerIds = Object.values(labels.markers)
  if (Math.max(...markerIds) !== wordPiece.size - 1) {
    throw new CoderError('E_MODEL_MISSING', { path: join(dir, 'vocab.txt') })
  }
  const session = await openOnnxSession(join(dir, 'model.onnx'), {
    inputs: INPUTS,
    outputs: heads.map((head) => head.output),
  })
  return Object.freeze({
    dir,
    layout: labels.layout,
    session,
    heads: labels.heads,
    types: labels.types,
    markers: labels.markers,
    pairLength: labels.pairLength,
    maxPieces: labels.maxPieces,
    maskValue: labels.maskValue,
    wordPiece,
    info: readModelCard(dir, 're-transformer'),
  })
}

/**
 * The head whose classes are exactly `classes` (in any order), for classifying the pairs a fast
 * model's whitelist proposes; E_MODEL_MISSING when the model has none.
 */
export function headWithClasses(
  model: TransformerRelationModel,
  classes: readonly string[],
): string {
  const wanted = [...classes].sort().join('\n')
  const found = Object.entries(model.heads).find(
    ([, head]) => [...head.classes].sort().join('\n') === wanted,
  )
  if (!found) {
    throw new CoderError('E_MODEL_MISSING', {
      path: `${join(model.dir, 'labels.json')} (no head with the classes ${classes.join(', ')})`,
    })
  }
  return found[0]
}

/** One model input row: a sequence, its length, and the pairs read from it. */
interface Unit<S> {
  readonly sequence: S
  readonly length: number
  readonly reads: readonly PairRead[]
}

interface PairRead {
  /** Where the result goes: sentence index, pair index. */
  readonly sentence: number
  readonly pair: number
  readonly headIndex: number
  readonly tailIndex: number
  readonly headType: number
  readonly tailType: number
}

/**
 * The class of every pair of every sentence with `head`, results[sentence][pair]. A pair that
 * cannot be marked, or whose entity lies past the text the sentence layout keeps, is "O" with
 * probability 1, as training scored it.
 */
export async function classifySentences(
  model: TransformerRelationModel,
  head: string,
  sentences: readonly MarkedSentence[],
): Promise<PairClass[][]> {
  const spec = model.heads[head]
  if (!spec) throw new CoderError('E_MODEL_MISSING', { path: `${model.dir} (head ${head})` })
  const results: PairClass[][] = sentences.map((s) => s.pairs.map(() => NO_RELATION))
  const store = (read: PairRead, found: PairClass): void => {
    const row = results[read.sentence]
    if (row) row[read.pair] = found
  }
  if (model.layout === 'pair') {
    await runUnits(model, spec, pairUnits(model, sentences), store, (sequences) =>
      pairBatch(sequences, model.maskValue),
    )
  } else {
    await runUnits(model, spec, sentenceUnits(model, sentences), store, (sequences) =>
      sentenceBatch(sequences, model.maskValue),
    )
  }
  return results
}

/** Runs the units in length-sorted batches of at most PIECES_PER_CALL pieces (padding included). */
async function runUnits<S>(
  model: TransformerRelationModel,
  head: TransformerHead,
  units: Unit<S>[],
  store: (read: PairRead, found: PairClass) => void,
  toTensors: (sequences: S[]) => BatchTensors,
): Promise<void> {
  const sorted = units.filter((unit) => unit.reads.length > 0).sort((a, b) => a.length - b.length)
  let from = 0
  while (from < sorted.length) {
    let to = from + 1
    // Sorted by length, so the unit at `to` is the widest of the batch it would join.
    while (to < sorted.length && (to - from + 1) * (sorted[to]?.length ?? 0) <= PIECES_PER_CALL) {
      to++
    }
    const batch = sorted.slice(from, to)
    const reads = batch.flatMap((unit, row) => unit.reads.map((read) => ({ read, row })))
    const found = await runHead(model, head, toTensors(batch.map((unit) => unit.sequence)), reads)
    reads.forEach(({ read }, k) => {
      const pairClass = found[k]
      if (pairClass) store(read, pairClass)
    })
    from = to
  }
}

const NO_RELATION: PairClass = Object.freeze({ classIndex: 0, probability: 1, probabilities: [] })

/** Both entities cover tokens and share none, the first before the second. */
function isMarkable(first: MarkedEntity | undefined, second: MarkedEntity | undefined): boolean {
  return (
    !!first &&
    !!second &&
    first.end > first.first &&
    second.end > second.first &&
    first.end <= second.first
  )
}

function typeIndex(model: TransformerRelationModel, label: string): number {
  const index = model.types.indexOf(label)
  if (index < 0) {
    throw new CoderError('E_MODEL_MISSING', {
      path: `${join(model.dir, 'labels.json')} (no entity type ${label})`,
    })
  }
  return index
}

function pairUnits(
  model: TransformerRelationModel,
  sentences: readonly MarkedSentence[],
): Unit<PairSequence>[] {
  return sentences.flatMap((sentence, s) =>
    sentence.pairs.flatMap((pair, p) => {
      const first = sentence.entities[pair.first]
      const second = sentence.entities[pair.second]
      if (!first || !second || !isMarkable(first, second)) return []
      const sequence = pairSequence(sentence.pieces, first, second, model.markers, model.pairLength)
      const read: PairRead = {
        sentence: s,
        pair: p,
        headIndex: sequence.headIndex,
        tailIndex: sequence.tailIndex,
        headType: typeIndex(model, first.label),
        tailType: typeIndex(model, second.label),
      }
      return [{ sequence, length: sequence.ids.length, reads: [read] }]
    }),
  )
}

function sentenceUnits(
  model: TransformerRelationModel,
  sentences: readonly MarkedSentence[],
): Unit<SentenceSequence>[] {
  return sentences.flatMap((sentence, s) => {
    if (sentence.pairs.length === 0) return []
    // Markers only for the entities of a pair: a marker sees only the text and its own
    // entity's markers, so the others would change nothing but the cost.
    const markable = sentence.pairs.map((pair) =>
      isMarkable(sentence.entities[pair.first], sentence.entities[pair.second]),
    )
    const used = [
      ...new Set(
        sentence.pairs.flatMap((pair, p) => (markable[p] ? [pair.first, pair.second] : [])),
      ),
    ]
    const slot = new Map(used.map((entity, k) => [entity, k]))
    const sequence = sentenceSequence(
      sentence.pieces,
      used.map((entity) => sentence.entities[entity] ?? null),
      model.markers,
      model.maxPieces,
    )
    const reads = sentence.pairs.flatMap((pair, p): PairRead[] => {
      if (!markable[p]) return []
      const h = sequence.entityIndex[slot.get(pair.first) ?? -1]
      const t = sequence.entityIndex[slot.get(pair.second) ?? -1]
      if (h === null || h === undefined || t === null || t === undefined) return []
      return [
        {
          sentence: s,
          pair: p,
          headIndex: h,
          tailIndex: t,
          headType: typeIndex(model, sentence.entities[pair.first]?.label ?? ''),
          tailType: typeIndex(model, sentence.entities[pair.second]?.label ?? ''),
        },
      ]
    })
    return [{ sequence, length: sequence.ids.length, reads }]
  })
}

/** Runs one batch and reads `head`'s softmax argmax for each pair. */
async function runHead(
  model: TransformerRelationModel,
  head: TransformerHead,
  tensors: BatchTensors,
  reads: readonly { read: PairRead; row: number }[],
): Promise<PairClass[]> {
  const { batch, width } = tensors
  const flat = (row: number, column: number): bigint => BigInt(row * width + column)
  const int64 = (values: bigint[]): Tensor =>
    new Tensor('int64', BigInt64Array.from(values), [values.length])
  const output = await model.session.run(
    {
      input_ids: new Tensor('int64', tensors.inputIds, [batch, width]),
      position_ids: new Tensor('int64', tensors.positionIds, [batch, width]),
      attention_bias: new Tensor('float32', tensors.attentionBias, [batch, width, width]),
      head_index: int64(reads.map(({ read, row }) => flat(row, read.headIndex))),
      tail_index: int64(reads.map(({ read, row }) => flat(row, read.tailIndex))),
      head_type: int64(reads.map(({ read }) => BigInt(read.headType))),
      tail_type: int64(reads.map(({ read }) => BigInt(read.tailType))),
    },
    [head.output],
  )
  const logits = output[head.output]
  const numClasses = head.classes.length
  if (
    !(logits?.data instanceof Float32Array) ||
    logits.dims[0] !== reads.length ||
    logits.dims[1] !== numClasses
  ) {
    throw new CoderError('E_MODEL_MISSING', { path: join(model.dir, 'model.onnx') })
  }
  const data = logits.data
  return reads.map((_, k) => softmaxArgmax(data.subarray(k * numClasses, (k + 1) * numClasses)))
}

function softmaxArgmax(row: Float32Array): PairClass {
  let best = 0
  row.forEach((value, c) => {
    if (value > (row[best] ?? 0)) best = c
  })
  const top = row[best] ?? 0
  const exps = Array.from(row, (value) => Math.exp(value - top))
  const sum = exps.reduce((total, value) => total + value, 0)
  return { classIndex: best, probability: 1 / sum, probabilities: exps.map((e) => e / sum) }
}
