// Batch planning: every sequence once, caps kept, and the least cost of all contiguous plans.
import { describe, expect, it } from 'vitest'
import {
  linearBatchCost,
  planBatches,
  type BatchCost,
} from '../../../../src/main/pipeline/paddedBatches'
import { seededRandom } from '../../../../src/shared/seededRandom'

const NO_CAPS = { maxCount: 1_000, maxSlots: 1_000_000 }

function planCost(lengths: readonly number[], plan: number[][], cost: BatchCost): number {
  return plan.reduce(
    (sum, group) => sum + cost(group.length, Math.max(...group.map((i) => lengths[i] ?? 0))),
    0,
  )
}

/** The least cost over every way of cutting the sorted lengths into runs (2^(n-1) plans). */
function bruteForceCost(lengths: readonly number[], cost: BatchCost, maxCount: number): number {
  const sorted = [...lengths].sort((a, b) => a - b)
  let best = Infinity
  for (let cuts = 0; cuts < 2 ** Math.max(0, sorted.length - 1); cuts++) {
    let total = 0
    let start = 0
    for (let end = 1; end <= sorted.length; end++) {
      const isCut = end === sorted.length || (cuts & (1 << (end - 1))) !== 0
      if (!isCut) continue
      if (end - start > maxCount) total = Infinity
      total += cost(end - start, sorted[end - 1] ?? 0)
      start = end
    }
    best = Math.min(best, total)
  }
  return best
}

describe('linearBatchCost', () => {
  it('adds the call, the padded slots, the positions and the attention term', () => {
    const cost = linearBatchCost({ perCall: 1, perSlot: 2, perPosition: 3, perSlotPosition: 4 })
    // 1 + 2·(2·5) + 3·5 + 4·(2·5)·5
    expect(cost(2, 5)).toBe(1 + 20 + 15 + 200)
    expect(linearBatchCost({ perCall: 1, perSlot: 2 })(3, 4)).toBe(25)
  })
})

describe('planBatches', () => {
  it('puts every sequence in exactly one group, runs of ascending length', () => {
    const lengths = [7, 3, 3, 12, 1, 9, 3]
    const plan = planBatches(lengths, linearBatchCost({ perCall: 5, perSlot: 1 }), NO_CAPS)
    expect(plan.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6])
    const order = plan.flat().map((i) => lengths[i] ?? 0)
    expect(order).toEqual([...order].sort((a, b) => a - b))
    expect(planBatches([], linearBatchCost({ perCall: 1, perSlot: 1 }), NO_CAPS)).toEqual([])
  })

  it('makes one call of all when calls are dear, and one per length when slots are', () => {
    const lengths = [4, 8, 4, 16]
    expect(planBatches(lengths, linearBatchCost({ perCall: 1_000, perSlot: 1 }), NO_CAPS)).toEqual([
      [0, 2, 1, 3],
    ])
    expect(planBatches(lengths, linearBatchCost({ perCall: 0.1, perSlot: 1 }), NO_CAPS)).toEqual([
      [0, 2],
      [1],
      [3],
    ])
  })

  it('keeps each group within the caps, and gives a sequence longer than maxSlots a call alone', () => {
    const lengths = [2, 2, 2, 2, 2, 50, 3]
    const cost = linearBatchCost({ perCall: 1_000, perSlot: 1 })
    const plan = planBatches(lengths, cost, { maxCount: 2, maxSlots: 10 })
    for (const group of plan) {
      expect(group.length).toBeLessThanOrEqual(2)
      const longest = Math.max(...group.map((i) => lengths[i] ?? 0))
      if (group.length > 1) expect(group.length * longest).toBeLessThanOrEqual(10)
    }
    expect(plan).toContainEqual([5])
  })

  it('finds the cheapest contiguous plan (checked against every plan of small inputs)', () => {
    const random = seededRandom(7)
    const cost = linearBatchCost({
      perCall: 12,
      perSlot: 1,
      perPosition: 0.4,
      perSlotPosition: 0.01,
    })
    for (let trial = 0; trial < 60; trial++) {
      const lengths = Array.from({ length: 1 + Math.floor(random() * 10) }, () =>
        Math.ceil(random() * 40),
      )
      const plan = planBatches(lengths, cost, { maxCount: 4, maxSlots: 1_000_000 })
      expect(planCost(lengths, plan, cost)).toBeCloseTo(bruteForceCost(lengths, cost, 4), 9)
    }
  })
})
