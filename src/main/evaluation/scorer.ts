// NER scoring: exact span + label match, per-label and micro-averaged precision, recall and F1, as
// training/ner/train.py's span_f1 computes them (evaluation layer; pure).
import type { LabeledSpan } from './nerGold'

/** Gold and predicted spans of one document; each list is read as a set. */
export interface ScoredDocument {
  readonly gold: readonly LabeledSpan[]
  readonly predicted: readonly LabeledSpan[]
}

/** Scores are fractions in [0, 1], rounded to 4 decimals; 0 where undefined (nothing to divide). */
export interface TypeScore {
  readonly p: number
  readonly r: number
  readonly f1: number
  /** Gold spans of this label. */
  readonly support: number
  /** Predicted spans of this label. */
  readonly predicted: number
  /** Predicted spans that match a gold span exactly, label included. */
  readonly correct: number
}

export interface NerScore {
  readonly micro_f1: number
  readonly p: number
  readonly r: number
  readonly per_type: Readonly<Record<string, TypeScore>>
}

interface Counts {
  correct: number
  predicted: number
  gold: number
}

/**
 * Exact-match scores over `labels` (spans of other labels are left out on both sides): a span
 * counts only with the same start, end and label; an overlap or a wrong label is a miss and a
 * false alarm.
 */
export function scoreNer(
  documents: readonly ScoredDocument[],
  labels: readonly string[],
): NerScore {
  const counts = new Map<string, Counts>(
    labels.map((label) => [label, { correct: 0, predicted: 0, gold: 0 }]),
  )
  for (const document of documents) {
    const gold = new Set(document.gold.map(spanKey))
    for (const key of new Set(document.predicted.map(spanKey))) {
      const entry = counts.get(labelOf(key))
      if (!entry) continue
      entry.predicted++
      if (gold.has(key)) entry.correct++
    }
    for (const key of gold) {
      const entry = counts.get(labelOf(key))
      if (entry) entry.gold++
    }
  }
  const total = { correct: 0, predicted: 0, gold: 0 }
  const perType: Record<string, TypeScore> = {}
  for (const [label, entry] of counts) {
    perType[label] = typeScore(entry)
    total.correct += entry.correct
    total.predicted += entry.predicted
    total.gold += entry.gold
  }
  const { p, r, f1 } = typeScore(total)
  return { micro_f1: f1, p, r, per_type: perType }
}

function typeScore(counts: Counts): TypeScore {
  const p = counts.predicted ? counts.correct / counts.predicted : 0
  const r = counts.gold ? counts.correct / counts.gold : 0
  const f1 = p + r ? (2 * p * r) / (p + r) : 0
  return {
    p: round4(p),
    r: round4(r),
    f1: round4(f1),
    support: counts.gold,
    predicted: counts.predicted,
    correct: counts.correct,
  }
}

function spanKey(span: LabeledSpan): string {
  return `${span.start}:${span.end}:${span.label}`
}

function labelOf(key: string): string {
  return key.slice(key.indexOf(':', key.indexOf(':') + 1) + 1)
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000
}
