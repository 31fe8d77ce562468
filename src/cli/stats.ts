// Summary figures of measured timings, for the bench command and the benchmark scripts.

/** The q-quantile (0..1) of `values`, nearest rank from below; 0 for none. */
export function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
}

/** `value` rounded to `digits` decimals, as a number. */
export function round(value: number, digits: number): number {
  return Number(value.toFixed(digits))
}
