// Relate step: classifies a note's candidate pairs, with the fast (FCNN) RE model in one batch or
// with the accurate (transformer, entity-marker) one sentence by sentence, and keeps the related
// ones as relations between chunk ids (pipeline layer).
import { Tensor } from 'onnxruntime-node'
import type { Chunk, Relation, Sentence } from '../../shared/domain'
import { CoderError } from '../../shared/errors'
import { tokenRange, type CandidatePair, type PairFeatures } from './pair'
import type { RelationModel } from './reModel'
import { blendPair } from './relationBlend'
import {
  classifySentences,
  type MarkedEntity,
  type MarkedSentence,
  type TransformerRelationModel,
} from './reTransformer'
import type { Analysis, Step, StepMeta } from './step'

export const meta: StepMeta = { name: 'relate', needs: ['pairs'], gives: ['relations'] }

/** The predicted class of one pair, its probability, and every class's (spec.classes order). */
export interface PairPrediction {
  readonly classIndex: number
  readonly probability: number
  readonly probabilities: readonly number[]
}

/** The relate step bound to a loaded RE model: one model call per note. */
export function createRelateStep(model: RelationModel): Step {
  return {
    meta,
    run: async (analysis: Analysis) => {
      const predictions = await predictPairs(
        model,
        analysis.pairs.map((pair) => pair.features),
      )
      const relations = analysis.pairs.flatMap((pair, k) => {
        const prediction = predictions[k]
        return prediction ? toRelations(model, pair, prediction) : []
      })
      return Object.freeze({ ...analysis, relations: Object.freeze(relations) })
    },
  }
}

/**
 * The relate step bound to the transformer RE model and one of its heads (the one with the fast
 * model's classes): the same candidate pairs, read in their sentences, one model run per note.
 * With the fast model, each pair's class comes from the average of both models' distributions
 * (relationBlend.ts), as accurate mode runs.
 */
export function createAccurateRelateStep(
  model: TransformerRelationModel,
  head: string,
  fast?: RelationModel,
): Step {
  const headClasses = model.heads[head]?.classes ?? []
  const classes = fast?.spec.classes ?? headClasses
  return {
    meta,
    run: async (analysis: Analysis) => {
      const groups = pairsBySentence(analysis)
      const marked = groups.map((group) => markSentence(model, analysis.document.text, group))
      const found = await classifySentences(model, head, marked)
      const fastFound = fast ? await fastPredictions(fast, analysis.pairs) : null
      const relations = groups.flatMap((group, s) =>
        group.pairs.flatMap((pair, p) => {
          const accurate = found[s]?.[p]
          if (!accurate) return []
          const fastPrediction = fastFound?.get(pair)
          const prediction = fastPrediction
            ? blendPair(classes, fastPrediction, accurate, headClasses)
            : { ...accurate, classIndex: classes.indexOf(headClasses[accurate.classIndex] ?? 'O') }
          const type = classes[prediction.classIndex]
          if (prediction.classIndex <= 0 || type === undefined) return []
          return related(pair, type, prediction.probability, 'accurate')
        }),
      )
      return Object.freeze({ ...analysis, relations: Object.freeze(relations) })
    },
  }
}

/** The fast model's prediction of each candidate pair (one model call for the note). */
async function fastPredictions(
  model: RelationModel,
  pairs: readonly CandidatePair[],
): Promise<Map<CandidatePair, PairPrediction>> {
  const predictions = await predictPairs(
    model,
    pairs.map((pair) => pair.features),
  )
  const out = new Map<CandidatePair, PairPrediction>()
  pairs.forEach((pair, k) => {
    const prediction = predictions[k]
    if (prediction) out.set(pair, prediction)
  })
  return out
}

/** A sentence's candidate pairs, with the chunk that comes first in the text and the other. */
interface SentencePairs {
  readonly sentence: Sentence
  readonly pairs: readonly CandidatePair[]
  readonly chunks: readonly { readonly first: Chunk; readonly second: Chunk }[]
}

function pairsBySentence(analysis: Analysis): SentencePairs[] {
  const byId = new Map(analysis.chunks.map((chunk) => [chunk.id, chunk]))
  const groups = new Map<
    Sentence,
    { pairs: CandidatePair[]; chunks: SentencePairs['chunks'][number][] }
  >()
  for (const pair of analysis.pairs) {
    const a = byId.get(pair.head)
    const b = byId.get(pair.tail)
    if (!a || !b) continue
    const [first, second] =
      a.start < b.start || (a.start === b.start && a.end < b.end) ? [a, b] : [b, a]
    const sentence = analysis.sentences.find((s) => s.start <= first.start && first.end <= s.end)
    if (!sentence) continue
    const group = groups.get(sentence) ?? { pairs: [], chunks: [] }
    group.pairs.push(pair)
    group.chunks.push({ first, second })
    groups.set(sentence, group)
  }
  return [...groups].map(([sentence, group]) => ({ sentence, ...group }))
}

/** The sentence's pieces and the pairs' entities as token ranges; the first chunk comes first. */
function markSentence(
  model: TransformerRelationModel,
  text: string,
  group: SentencePairs,
): MarkedSentence {
  const tokens = group.sentence.tokens
  const entities: MarkedEntity[] = []
  const slot = new Map<Chunk, number>()
  const entityOf = (chunk: Chunk): number => {
    const known = slot.get(chunk)
    if (known !== undefined) return known
    slot.set(chunk, entities.length)
    entities.push({ ...tokenRange(tokens, chunk), label: chunk.label })
    return entities.length - 1
  }
  const pairs = group.chunks.map(({ first, second }) => ({
    first: entityOf(first),
    second: entityOf(second),
  }))
  return {
    pieces: tokens.map((token) => model.wordPiece.tokenIds(text.slice(token.start, token.end))),
    entities,
    pairs,
  }
}

/** Pairs per model call at most: bounds the input tensors when a whole corpus is classified. */
export const MAX_PAIRS_PER_CALL = 4096

/**
 * The argmax class of each pair (0 = "O", no relation), in calls of at most MAX_PAIRS_PER_CALL
 * pairs; empty input makes no model call.
 */
export async function predictPairs(
  model: RelationModel,
  features: readonly PairFeatures[],
): Promise<PairPrediction[]> {
  const numClasses = model.spec.classes.length
  const out: PairPrediction[] = []
  for (let from = 0; from < features.length; from += MAX_PAIRS_PER_CALL) {
    const batch = features.slice(from, from + MAX_PAIRS_PER_CALL)
    const probabilities = await runRelationModel(model, batch)
    batch.forEach((_, k) => {
      const row = probabilities.subarray(k * numClasses, (k + 1) * numClasses)
      let best = 0
      row.forEach((p, c) => {
        if (p > (row[best] ?? 0)) best = c
      })
      out.push({ classIndex: best, probability: row[best] ?? 0, probabilities: Array.from(row) })
    })
  }
  return out
}

/** Class probabilities [pairs, classes], row major, for a batch of pairs. */
export async function runRelationModel(
  model: RelationModel,
  features: readonly PairFeatures[],
): Promise<Float32Array> {
  const n = features.length
  const { span, context: width } = model.spec
  const windows = features[0]?.context.length ?? 5
  const int64 = (rows: (f: PairFeatures) => readonly number[]): BigInt64Array =>
    BigInt64Array.from(features.flatMap(rows), (value) => BigInt(value))
  const output = await model.session.run({
    types: new Tensor(
      'int64',
      int64((f) => f.types),
      [n, 2],
    ),
    span1: new Tensor(
      'int64',
      int64((f) => f.span1),
      [n, span],
    ),
    span2: new Tensor(
      'int64',
      int64((f) => f.span2),
      [n, span],
    ),
    context: new Tensor(
      'int64',
      int64((f) => f.context.flat()),
      [n, windows, width],
    ),
    scalars: new Tensor('float32', Float32Array.from(features.flatMap((f) => f.scalars)), [
      n,
      features[0]?.scalars.length ?? 5,
    ]),
  })
  const probs = output['probs']
  const numClasses = model.spec.classes.length
  const fits =
    probs?.data instanceof Float32Array &&
    probs.dims.length === 2 &&
    probs.dims[0] === n &&
    probs.dims[1] === numClasses
  if (!fits || !(probs.data instanceof Float32Array)) {
    throw new CoderError('E_MODEL_MISSING', { path: `${model.dir}/model.onnx` })
  }
  return probs.data
}

/**
 * A related pair as a relation, head and tail from the whitelist rule. A clinical rule names
 * its category: a prediction of another category for this pair of types is not kept.
 */
function toRelations(
  model: RelationModel,
  pair: CandidatePair,
  prediction: PairPrediction,
): Relation[] {
  const type = model.spec.classes[prediction.classIndex]
  if (prediction.classIndex === 0 || type === undefined) return []
  return related(pair, type, prediction.probability, 'fast')
}

/** The pair as a relation, unless its rule names another category than the predicted type. */
function related(
  pair: CandidatePair,
  type: string,
  confidence: number,
  model: Relation['model'],
): Relation[] {
  if (pair.rule.category !== null && pair.rule.category !== type) return []
  return [{ head: pair.head, tail: pair.tail, type, confidence, model }]
}
