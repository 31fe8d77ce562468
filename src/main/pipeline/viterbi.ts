// Viterbi decoding of NER emissions under BIO constraints, plus the model's CRF scores when it
// has them (pipeline layer; pure numeric code, no model or text).

/** Learned CRF scores from labels.json; null parts count as zero. */
export interface TagScores {
  /** transitions[prev][next]. */
  readonly transitions: readonly (readonly number[])[] | null
  readonly start: readonly number[] | null
  readonly end: readonly number[] | null
}

/** Which tag may follow which, flattened [prev * numTags + next], and which may open a sentence. */
export interface BioConstraints {
  readonly numTags: number
  readonly allowed: readonly boolean[]
  readonly canStart: readonly boolean[]
}

// Large enough to rule a move out, small enough to stay finite when added up.
const FORBIDDEN = -1e9

/** BIO rules: I-X only after B-X or I-X, and never first. */
export function bioConstraints(tags: readonly string[]): BioConstraints {
  const numTags = tags.length
  const allowed: boolean[] = []
  for (const prev of tags) {
    for (const next of tags) {
      allowed.push(!next.startsWith('I-') || (prev !== 'O' && prev.slice(2) === next.slice(2)))
    }
  }
  return { numTags, allowed, canStart: tags.map((tag) => !tag.startsWith('I-')) }
}

/** No CRF scores: every allowed move, start and end counts zero. */
export const NO_SCORES: TagScores = { transitions: null, start: null, end: null }

/**
 * `build` memoized per (rules, scores) pair: a model decodes every sentence with the same two
 * objects, so a table derived from them is built once per model, not once per sentence.
 */
export function perModel<T>(
  build: (rules: BioConstraints, scores: TagScores) => T,
): (rules: BioConstraints, scores: TagScores) => T {
  const cache = new WeakMap<BioConstraints, WeakMap<TagScores, T>>()
  return (rules, scores) => {
    let byScores = cache.get(rules)
    if (byScores === undefined) {
      byScores = new WeakMap()
      cache.set(rules, byScores)
    }
    let built = byScores.get(scores)
    if (built === undefined) {
      built = build(rules, scores)
      byScores.set(scores, built)
    }
    return built
  }
}

/**
 * The best tag path for one sentence. `emissions` holds `length` rows of `numTags` scores (row
 * major); returns one tag index per token. Ties go to the lower tag index, as numpy's argmax.
 */
export function viterbi(
  emissions: ArrayLike<number>,
  length: number,
  rules: BioConstraints,
  scores: TagScores = NO_SCORES,
): number[] {
  const n = rules.numTags
  if (length === 0) return []
  const move = moveScoresOf(rules, scores)
  // Two typed rows swapped per step, and one pointer row per step: no boxed numbers in the n² loop.
  let score = new Float64Array(n)
  let next = new Float64Array(n)
  for (let j = 0; j < n; j++) {
    score[j] = (emissions[j] ?? 0) + (rules.canStart[j] ? (scores.start?.[j] ?? 0) : FORBIDDEN)
  }
  const back: Int32Array[] = []
  for (let t = 1; t < length; t++) {
    const pointers = new Int32Array(n)
    for (let j = 0; j < n; j++) {
      let best = -Infinity
      for (let i = 0; i < n; i++) {
        const candidate = (score[i] as number) + (move[i * n + j] as number)
        if (candidate > best) {
          best = candidate
          pointers[j] = i
        }
      }
      next[j] = best + (emissions[t * n + j] ?? 0)
    }
    back.push(pointers)
    const previous = score
    score = next
    next = previous
  }
  if (scores.end) for (let j = 0; j < n; j++) score[j] = (score[j] as number) + (scores.end[j] ?? 0)
  return backtrack(back, argmax(score))
}

const moveScoresOf = perModel(moveScores)

function moveScores(rules: BioConstraints, scores: TagScores): Float64Array {
  const n = rules.numTags
  const move = new Float64Array(n * n)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      move[i * n + j] = rules.allowed[i * n + j] ? (scores.transitions?.[i]?.[j] ?? 0) : FORBIDDEN
    }
  }
  return move
}

function backtrack(back: readonly Int32Array[], last: number): number[] {
  const path = [last]
  for (let t = back.length - 1; t >= 0; t--) path.push(back[t]?.[path[path.length - 1] ?? 0] ?? 0)
  return path.reverse()
}

/** Index of the first largest value. */
export function argmax(values: ArrayLike<number>): number {
  let best = 0
  for (let i = 1; i < values.length; i++) if ((values[i] ?? 0) > (values[best] ?? 0)) best = i
  return best
}
