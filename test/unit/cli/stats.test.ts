import { describe, expect, it } from 'vitest'
import { percentile, round } from '../../../src/cli/stats'

describe('timing figures', () => {
  it('takes the nearest rank from below, of unsorted values, and 0 of none', () => {
    const values = [9, 1, 5, 3, 7]
    expect(percentile(values, 0.5)).toBe(5)
    expect(percentile(values, 0.95)).toBe(9)
    expect(percentile(values, 0)).toBe(1)
    expect(percentile([4, 2], 0.5)).toBe(4)
    expect(percentile([], 0.5)).toBe(0)
    expect(values).toEqual([9, 1, 5, 3, 7])
  })

  it('rounds to a number of decimals', () => {
    expect(round(16.7349, 2)).toBe(16.73)
    expect(round(9.25, 0)).toBe(9)
  })
})
