// Relate step: classifies a note's candidate pairs with the fast (FCNN) RE model in one batch and
// keeps the related ones as relations between chunk ids (pipeline layer).
import { Tensor } from 'onnxruntime-node'
import type { Relation } from '../../shared/domain'
import { CoderError } from '../../shared/errors'
import type { CandidatePair, PairFeatures } from './pair'
import type { RelationModel } from './reModel'
import type { Analysis, Step, StepMeta } from './step'

export const meta: StepMeta = { name: 'relate', needs: ['pairs'], gives: ['relations'] }

/** The predicted class of one pair and its probability. */
export interface PairPrediction {
  readonly classIndex: number
  readonly probability: number
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

/** The argmax class of each pair (0 = "O", no relation); empty input makes no model call. */
export async function predictPairs(
  model: RelationModel,
  features: readonly PairFeatures[],
): Promise<PairPrediction[]> {
  if (features.length === 0) return []
  const probabilities = await runRelationModel(model, features)
  const numClasses = model.spec.classes.length
  return features.map((_, k) => {
    const row = probabilities.subarray(k * numClasses, (k + 1) * numClasses)
    let best = 0
    row.forEach((p, c) => {
      if (p > (row[best] ?? 0)) best = c
    })
    return { classIndex: best, probability: row[best] ?? 0 }
  })
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
  if (pair.rule.category !== null && pair.rule.category !== type) return []
  return [
    { head: pair.head, tail: pair.tail, type, confidence: prediction.probability, model: 'fast' },
  ]
}
