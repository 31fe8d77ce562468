// `eval re --mode accurate`: the transformer head with the fast model's classes classifies the
// fast model's whitelisted pairs of gold entities, sentence by sentence, averaged with the fast
// model's distribution as the app's accurate mode does (evaluation layer).
import {
  blendPair,
  classifySentences,
  predictPairs,
  tokenize,
  tokenizedSentence,
  tokenRange,
  whitelistedPairs,
  type MarkedEntity,
  type MarkedSentence,
  type PairFeatures,
  type RelationModel,
  type TransformerRelationModel,
} from '../pipeline'
import { goldLabel, type ReSentence } from './reCorpora'

export interface AccurateClassification {
  /** Gold and predicted class of every whitelisted pair, in the same order. */
  readonly gold: readonly string[]
  readonly predicted: readonly string[]
  /** Pairs sent to the model (the filter's survivors when it applies, else every pair). */
  readonly kept: number
  /** Gold related pairs among those sent. */
  readonly positiveKept: number
}

/**
 * Classifies every whitelisted pair of each sentence with `head`, averaged with `fast` (whose
 * spec gives the pairs) unless `transformerOnly`. With `filter`, pairs the fast model's distance
 * filter drops are "O" without a model call, as in the app; without it every pair is scored, as
 * training scored the dev split.
 */
export async function classifyAccurate(
  model: TransformerRelationModel,
  head: string,
  fast: RelationModel,
  sentences: readonly ReSentence[],
  options: { readonly filter: boolean; readonly transformerOnly: boolean },
): Promise<AccurateClassification> {
  const headClasses = model.heads[head]?.classes ?? []
  const classes = fast.spec.classes
  const features: PairFeatures[] = []
  const gold: string[] = []
  const marked: MarkedSentence[] = []
  const at: number[][] = []
  let positiveKept = 0
  for (const sentence of sentences) {
    const tokens = tokenize(sentence.text)
    const tokenized = tokenizedSentence(sentence.text, tokens, fast.wordId)
    const entities: MarkedEntity[] = sentence.entities.map((entity) => ({
      ...tokenRange(tokens, entity),
      label: entity.label,
    }))
    const pairs: { first: number; second: number }[] = []
    const slots: number[] = []
    for (const pair of whitelistedPairs(tokenized, sentence.entities, fast.spec)) {
      const label = goldLabel(sentence, pair.left, pair.right)
      if (!options.filter || pair.isKept) {
        pairs.push({ first: pair.left, second: pair.right })
        features.push(pair.features)
        slots.push(gold.length)
        if (label !== 'O') positiveKept++
      }
      gold.push(label)
    }
    if (pairs.length > 0) {
      marked.push({
        pieces: tokens.map((t) => model.wordPiece.tokenIds(sentence.text.slice(t.start, t.end))),
        entities,
        pairs,
      })
      at.push(slots)
    }
  }
  const predicted = gold.map(() => 'O')
  const results = await classifySentences(model, head, marked)
  const fastFound = options.transformerOnly ? [] : await predictPairs(fast, features)
  let sent = 0
  results.forEach((row, s) =>
    row.forEach((found, p) => {
      const slot = at[s]?.[p]
      const fastPrediction = fastFound[sent++]
      if (slot === undefined) return
      predicted[slot] = fastPrediction
        ? (classes[blendPair(classes, fastPrediction, found, headClasses).classIndex] ?? 'O')
        : (headClasses[found.classIndex] ?? 'O')
    }),
  )
  return { gold, predicted, kept: at.flat().length, positiveKept }
}
