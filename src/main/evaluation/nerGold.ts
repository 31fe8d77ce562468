// Gold NER spans built exactly as training/ner/corpora.py builds them: label maps, sentence ranges,
// outward snapping to tokens, the overlap rule, derived Direction spans (evaluation layer).
import type { Span } from '../../shared/text'
import { MAX_SENTENCE_TOKENS, tokenize } from '../pipeline'

/** A character span with its product label; end exclusive, UTF-16 offsets. */
export interface LabeledSpan extends Span {
  readonly label: string
}

/** MACCROBAT BRAT types → product labels (corpora.py MACCROBAT_MAP); other types are not entities. */
export const MACCROBAT_LABELS: Readonly<Record<string, string>> = {
  Disease_disorder: 'Problem',
  Sign_symptom: 'Symptom',
  Therapeutic_procedure: 'Procedure',
  Diagnostic_procedure: 'Test',
  Lab_value: 'TestResult',
  Biological_structure: 'BodyPart',
  Medication: 'Drug',
  Dosage: 'Dosage',
  Frequency: 'Frequency',
  Administration: 'Route',
  Duration: 'Duration',
  Date: 'Date',
  Severity: 'Severity',
  Detailed_description: 'Modifier',
}

/** Words that become Direction at the start or end of a BodyPart or Modifier span. */
export const LATERALITY: ReadonlySet<string> = new Set([
  'left',
  'right',
  'bilateral',
  'bilaterally',
  'unilateral',
  'lt',
  'rt',
  'ipsilateral',
  'contralateral',
])

export interface GoldRules {
  /** MACCROBAT only: drop non-laterality Modifier spans early and derive Direction spans. */
  readonly isMaccrobat: boolean
  /** False when the model has no Modifier label: Modifier spans then only yield Direction. */
  readonly keepModifier: boolean
}

/** A span in token indices [first, end) of the document, as snapping gives it. */
interface TokenSpan {
  readonly first: number
  readonly end: number
  readonly label: string
  readonly charLength: number
  readonly charStart: number
}

/**
 * The gold spans of one document, in text order: each annotated span snapped outward to whole
 * tokens, overlaps resolved (longer in chars wins, then the earlier), Direction derived for
 * MACCROBAT, then cut at sentence ranges and 128-token pieces as training cuts its sentences.
 * Spans touching no token, or no sentence, are dropped.
 */
export function goldSpans(
  text: string,
  sentences: readonly Span[],
  annotated: readonly LabeledSpan[],
  rules: GoldRules,
): LabeledSpan[] {
  const tokens = tokenize(text)
  const words = tokens.map((token) => text.slice(token.start, token.end).toLowerCase())
  let snapped = snapSpans(tokens, annotated)
  if (rules.isMaccrobat && !rules.keepModifier) {
    // Modifier is then no label: only its laterality words matter, so drop the other Modifier
    // spans before they can shadow overlapping spans.
    snapped = snapped.filter(
      (s) =>
        s.label !== 'Modifier' ||
        LATERALITY.has(words[s.first] ?? '') ||
        LATERALITY.has(words[s.end - 1] ?? ''),
    )
  }
  let kept = resolveOverlaps(snapped)
  if (rules.isMaccrobat) kept = splitDirection(kept, words, rules.keepModifier)
  return cutAtSentences(tokens, sentences, kept).map((s) => ({
    start: tokens[s.first]?.start ?? 0,
    end: tokens[s.end - 1]?.end ?? 0,
    label: s.label,
  }))
}

/** Sentence ranges of a MACCROBAT report: its non-blank lines. */
export function lineSentences(text: string): Span[] {
  const ranges: Span[] = []
  let start = 0
  for (const line of text.split('\n')) {
    if (line.trim()) ranges.push({ start, end: start + line.length })
    start += line.length + 1
  }
  return ranges
}

const ABSTRACT_END = /\.\s+(?=[A-Z])|\n/g

/** Sentence ranges of an abstract: split after ". " before a capital, and at newlines. */
export function abstractSentences(text: string): Span[] {
  const ranges: Span[] = []
  let start = 0
  for (const match of text.matchAll(ABSTRACT_END)) {
    const end = match.index + (match[0].startsWith('.') ? 1 : 0)
    if (text.slice(start, end).trim()) ranges.push({ start, end })
    start = match.index + match[0].length
  }
  if (text.slice(start).trim()) ranges.push({ start, end: text.length })
  return ranges
}

/** Char spans → token spans covering every token the span touches. */
function snapSpans(tokens: readonly Span[], spans: readonly LabeledSpan[]): TokenSpan[] {
  const out: TokenSpan[] = []
  for (const span of spans) {
    let first = -1
    let last = -1
    tokens.forEach((token, i) => {
      if (token.start < span.end && token.end > span.start) {
        if (first < 0) first = i
        last = i
      }
    })
    if (first >= 0) {
      out.push({
        first,
        end: last + 1,
        label: span.label,
        charLength: span.end - span.start,
        charStart: span.start,
      })
    }
  }
  return out
}

/** Overlapping spans: keep the longer (in chars), then the earlier; result sorted. */
function resolveOverlaps(spans: readonly TokenSpan[]): TokenSpan[] {
  const used = new Set<number>()
  const kept: TokenSpan[] = []
  // Array.sort is stable, as Python's sorted is, so equal keys keep their file order.
  const ranked = [...spans].sort((a, b) => b.charLength - a.charLength || a.charStart - b.charStart)
  for (const span of ranked) {
    if (range(span.first, span.end).some((i) => used.has(i))) continue
    range(span.first, span.end).forEach((i) => used.add(i))
    kept.push(span)
  }
  return kept.sort(compareSpans)
}

/**
 * Derives Direction: a laterality word at the start or end of a BodyPart or Modifier span becomes
 * its own span ("right-sided" wholly); the rest keeps its label, or goes when it is a dropped
 * Modifier.
 */
function splitDirection(
  spans: readonly TokenSpan[],
  words: readonly string[],
  keepModifier: boolean,
): TokenSpan[] {
  const out: TokenSpan[] = []
  for (const span of spans) {
    if (span.label !== 'BodyPart' && span.label !== 'Modifier') {
      out.push(span)
      continue
    }
    let first = span.first
    let end = span.end
    const pieces: TokenSpan[] = []
    const direction = (from: number, to: number) => ({
      ...span,
      first: from,
      end: to,
      label: 'Direction',
    })
    if (LATERALITY.has(words[first] ?? '')) {
      const rest = words.slice(first + 1, end).join(' ')
      if (rest === '' || rest === 'sided' || rest === '- sided') {
        pieces.push(direction(first, end))
        first = end
      } else {
        pieces.push(direction(first, first + 1))
        first += 1
      }
    }
    let tail: TokenSpan | null = null
    if (end - first >= 2 && LATERALITY.has(words[end - 1] ?? '')) {
      tail = direction(end - 1, end)
      end -= 1
    }
    if (end > first && (span.label !== 'Modifier' || keepModifier)) {
      pieces.push({ ...span, first, end })
    }
    if (tail) pieces.push(tail)
    out.push(...pieces)
  }
  return out.sort(compareSpans)
}

/** Cuts spans at sentence ranges (a token belongs to the range holding its start) and 128-token pieces. */
function cutAtSentences(
  tokens: readonly Span[],
  sentences: readonly Span[],
  spans: readonly TokenSpan[],
): TokenSpan[] {
  const out: TokenSpan[] = []
  let from = 0
  for (const sentence of sentences) {
    while (from < tokens.length && (tokens[from]?.start ?? 0) < sentence.start) from++
    let to = from
    while (to < tokens.length && (tokens[to]?.start ?? 0) < sentence.end) to++
    for (let pieceStart = from; pieceStart < to; pieceStart += MAX_SENTENCE_TOKENS) {
      const pieceEnd = Math.min(pieceStart + MAX_SENTENCE_TOKENS, to)
      for (const span of spans) {
        if (span.first < pieceEnd && span.end > pieceStart) {
          out.push({
            ...span,
            first: Math.max(span.first, pieceStart),
            end: Math.min(span.end, pieceEnd),
          })
        }
      }
    }
    from = to
  }
  return out
}

/** Python's tuple order on (first, end, label). */
function compareSpans(a: TokenSpan, b: TokenSpan): number {
  return a.first - b.first || a.end - b.end || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0)
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i)
}
