// Accurate mode's relation classes: the average of the transformer's and the fast FCNN's class
// distributions for a pair (pipeline layer). Neither model alone is ahead on every corpus (dev
// macro F1, training/re/README.md): the average beats the transformer alone everywhere.
import type { PairPrediction } from './relate'
import type { PairClass } from './reTransformer'

/**
 * The fast model's share of the average (the transformer's is the rest). Even, not tuned on
 * dev: a weight chosen per corpus on dev would flatter its dev score.
 */
export const FAST_SHARE = 0.5

/**
 * The class (index into `classes`, 0 = "O") and probability of the averaged distributions.
 * `accurate` is in `accurateClasses` order; a pair the transformer did not read (empty
 * probabilities) keeps the fast model's prediction.
 */
export function blendPair(
  classes: readonly string[],
  fast: PairPrediction,
  accurate: PairClass,
  accurateClasses: readonly string[],
): { readonly classIndex: number; readonly probability: number } {
  if (accurate.probabilities.length === 0) return fast
  let best = 0
  let bestProbability = -1
  classes.forEach((name, c) => {
    const fromAccurate = accurate.probabilities[accurateClasses.indexOf(name)] ?? 0
    const probability = FAST_SHARE * (fast.probabilities[c] ?? 0) + (1 - FAST_SHARE) * fromAccurate
    if (probability > bestProbability) {
      best = c
      bestProbability = probability
    }
  })
  return { classIndex: best, probability: bestProbability }
}
