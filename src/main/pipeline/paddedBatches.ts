// Batching of padded model inputs (pipeline layer): which sequences share one ONNX call. Each call
// costs a fixed overhead plus work for every padded slot, so the cheapest plan is neither one call
// per sequence nor one call for all; it is found exactly, over the sequences sorted by length.

/**
 * Estimated cost of one model call on `count` sequences right-padded to `longest` (any unit, the
 * same for every call of a plan); it must grow with both arguments.
 */
export type BatchCost = (count: number, longest: number) => number

/** Caps on one call: sequences, and padded slots (count × longest) to bound activation memory. */
export interface BatchLimits {
  readonly maxCount: number
  readonly maxSlots: number
}

/** A linear cost model measured for a model: per call, per padded slot, per position, per slot × length. */
export interface LinearBatchCost {
  readonly perCall: number
  readonly perSlot: number
  /** Sequential steps (an LSTM walks every position of the longest sequence once). */
  readonly perPosition?: number
  /** Attention: every slot attends to `longest` positions. */
  readonly perSlotPosition?: number
}

/** The BatchCost of a linear model: perCall + perSlot·n·L + perPosition·L + perSlotPosition·n·L². */
export function linearBatchCost(model: LinearBatchCost): BatchCost {
  const { perCall, perSlot, perPosition = 0, perSlotPosition = 0 } = model
  return (count, longest) =>
    perCall + longest * (perPosition + count * (perSlot + perSlotPosition * longest))
}

/**
 * Groups of indices into `lengths` (each a run of the indices sorted by ascending length, ties in
 * index order) minimizing the summed `cost`, each group within `limits` (a longer sequence than
 * maxSlots gets a call of its own). Deterministic: the same lengths always give the same plan.
 */
export function planBatches(
  lengths: readonly number[],
  cost: BatchCost,
  limits: BatchLimits,
): number[][] {
  const order = lengths
    .map((_, i) => i)
    .sort((a, b) => (lengths[a] ?? 0) - (lengths[b] ?? 0) || a - b)
  const n = order.length
  // best[j]: least cost of the first j sorted sequences; cut[j]: where the last group of that plan starts.
  const best = new Float64Array(n + 1).fill(Infinity)
  const cut = new Int32Array(n + 1)
  best[0] = 0
  for (let end = 1; end <= n; end++) {
    const longest = lengths[order[end - 1] ?? 0] ?? 0
    for (let start = end - 1; start >= 0; start--) {
      const count = end - start
      if (count > 1 && (count > limits.maxCount || count * longest > limits.maxSlots)) break
      const total = (best[start] ?? Infinity) + cost(count, longest)
      if (total < (best[end] ?? Infinity)) {
        best[end] = total
        cut[end] = start
      }
    }
  }
  const groups: number[][] = []
  for (let end = n; end > 0; end = cut[end] ?? 0) groups.push(order.slice(cut[end] ?? 0, end))
  return groups.reverse()
}
