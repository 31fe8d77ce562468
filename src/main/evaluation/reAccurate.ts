// `eval re --mode accurate`: the transformer head with the fast model's classes classifies the
// fast model's whitelisted pairs of gold entities, sentence by sentence (evaluation layer).
import {
  classifySentences,
  tokenize,
  tokenizedSentence,
  tokenRange,
  whitelistedPairs,
  type MarkedEntity,
  type MarkedSentence,
  type RelationSpec,
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
 * Classifies every whitelisted pair of each sentence with `head`. With `filter`, pairs the fast
 * model's distance filter drops are "O" without a model call, as in the app; without it every
 * pair is scored, as training scored the dev split.
 */
export async function classifyAccurate(
  model: TransformerRelationModel,
  head: string,
  spec: RelationSpec,
  sentences: readonly ReSentence[],
  filter: boolean,
): Promise<AccurateClassification> {
  const classes = model.heads[head]?.classes ?? []
  const gold: string[] = []
  const marked: MarkedSentence[] = []
  const at: number[][] = []
  let positiveKept = 0
  for (const sentence of sentences) {
    const tokens = tokenize(sentence.text)
    // Only the filter's facts (token gaps, entities and punctuation between) are read here.
    const tokenized = tokenizedSentence(sentence.text, tokens, () => 0)
    const entities: MarkedEntity[] = sentence.entities.map((entity) => ({
      ...tokenRange(tokens, entity),
      label: entity.label,
    }))
    const pairs: { first: number; second: number }[] = []
    const slots: number[] = []
    for (const pair of whitelistedPairs(tokenized, sentence.entities, spec)) {
      const label = goldLabel(sentence, pair.left, pair.right)
      if (!filter || pair.isKept) {
        pairs.push({ first: pair.left, second: pair.right })
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
  results.forEach((row, s) =>
    row.forEach((found, p) => {
      const slot = at[s]?.[p]
      if (slot !== undefined) predicted[slot] = classes[found.classIndex] ?? 'O'
    }),
  )
  return { gold, predicted, kept: at.flat().length, positiveKept }
}
