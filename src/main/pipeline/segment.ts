// Segmentation: sentences and tokens as offsets into the note text (pipeline layer, pure step).
// The token rule is the NER model's own (labels.json `tokenPattern`); never change one alone.
import type { Sentence } from '../../shared/domain'
import type { Span } from '../../shared/text'
import { findHeaders } from './sections'
import type { Analysis, StepMeta } from './step'

/** A maximal run of letters, a maximal run of decimal digits, or one other non-space char. */
export const TOKEN_PATTERN = String.raw`[\p{L}\p{M}]+|\p{Nd}+|[^\s\p{L}\p{M}\p{Nd}]`
/** The model sees at most this many tokens at once; longer sentences are split. */
export const MAX_SENTENCE_TOKENS = 128

const TOKEN_RE = new RegExp(TOKEN_PATTERN, 'gu')
// A period after these is not a sentence end ("Dr. Smith", "metformin b.i.d. Patient").
const ABBREVIATIONS = new Set(
  `dr mr mrs ms prof st vs etc e.g i.e b.i.d t.i.d q.i.d q.d q.h.s h.s p.o p.r.n approx appt fig pt
  jr sr`.split(/\s+/),
)
const SENTENCE_END = /[.!?]+["')\]]*(?=\s+[\p{Lu}\p{Nd}]|\s*\n|\s*$)/gu
const LIST_ITEM = /^[ \t]*(?:[-*•+]|\d{1,3}[.)])[ \t]/
const STARTS_LOWER = /^[ \t]*\p{Ll}/u
const SPLIT_AFTER = new Set([',', ';'])

export const meta: StepMeta = { name: 'segment', needs: ['document'], gives: ['sentences'] }

/** The segment step: the document's sentences, each with its tokens. */
export function segment(analysis: Analysis): Analysis {
  return Object.freeze({ ...analysis, sentences: splitSentences(analysis.document.text) })
}

/** Tokens of `text` inside `span` (whole text by default), as absolute offsets. */
export function tokenize(text: string, span: Span = { start: 0, end: text.length }): Span[] {
  const tokens: Span[] = []
  for (const match of text.slice(span.start, span.end).matchAll(TOKEN_RE)) {
    const start = span.start + match.index
    tokens.push(Object.freeze({ start, end: start + match[0].length }))
  }
  return tokens
}

/**
 * Sentences of a note, in order, frozen: they end at . ! ? before a capital or a line end (not
 * after abbreviations or list numbers), at blank lines, after headers, at line ends unless the
 * next line goes on in lower case, and hold at most MAX_SENTENCE_TOKENS tokens.
 */
export function splitSentences(text: string): readonly Sentence[] {
  const sentences: Sentence[] = []
  for (const region of lineRegions(text)) {
    for (const span of punctuationSplits(text, region)) {
      const trimmed = trimSpan(text, span)
      if (trimmed.end > trimmed.start) sentences.push(...capSentence(text, tokenize(text, trimmed)))
    }
  }
  return Object.freeze(sentences)
}

/** Stretches between line-level breaks: blank lines, headers, list items, lines that start anew. */
function lineRegions(text: string): Span[] {
  const breaks = new Set<number>([0, text.length])
  for (const header of findHeaders(text)) breaks.add(header.end)
  let lineStart = 0
  while (lineStart < text.length) {
    const newline = text.indexOf('\n', lineStart)
    if (newline < 0) break
    const next = text.slice(newline + 1, lineEnd(text, newline + 1))
    // A wrapped line (a list item's too) goes on in lower case; anything else starts anew.
    const isWrap = STARTS_LOWER.test(next) && !LIST_ITEM.test(next)
    if (!isWrap) breaks.add(newline)
    lineStart = newline + 1
  }
  const points = [...breaks].sort((a, b) => a - b)
  return points.slice(1).map((end, i) => ({ start: points[i] ?? 0, end }))
}

function punctuationSplits(text: string, region: Span): Span[] {
  const spans: Span[] = []
  const slice = text.slice(region.start, region.end)
  let start = region.start
  for (const match of slice.matchAll(SENTENCE_END)) {
    const end = region.start + match.index + match[0].length
    if (isAbbreviation(text, region.start + match.index)) continue
    spans.push({ start, end })
    start = end
  }
  spans.push({ start, end: region.end })
  return spans
}

/** True when the period at `dot` closes an abbreviation or a list number ("1. Knee"), not a sentence. */
function isAbbreviation(text: string, dot: number): boolean {
  if (text[dot] !== '.') return false
  let i = dot
  while (i > 0 && /[\p{L}.]/u.test(text[i - 1] ?? '')) i--
  if (ABBREVIATIONS.has(text.slice(i, dot).toLowerCase())) return true
  const lineStart = text.lastIndexOf('\n', dot - 1) + 1
  return /^[ \t]*\d{1,3}$/.test(text.slice(lineStart, dot))
}

/** Splits a sentence's tokens into runs of at most MAX_SENTENCE_TOKENS, after a comma if near. */
function capSentence(text: string, tokens: Span[]): Sentence[] {
  const sentences: Sentence[] = []
  let rest = tokens
  while (rest.length > 0) {
    const cut = rest.length <= MAX_SENTENCE_TOKENS ? rest.length : cutPoint(text, rest)
    const part = rest.slice(0, cut)
    const first = part[0]
    const last = part[part.length - 1]
    if (first && last) {
      sentences.push(
        Object.freeze({ start: first.start, end: last.end, tokens: Object.freeze(part) }),
      )
    }
    rest = rest.slice(cut)
  }
  return sentences
}

/** Where to cut an over-long run: after the last comma or semicolon in its second half. */
function cutPoint(text: string, tokens: Span[]): number {
  for (let i = MAX_SENTENCE_TOKENS - 1; i >= MAX_SENTENCE_TOKENS / 2; i--) {
    const token = tokens[i]
    if (token && SPLIT_AFTER.has(text.slice(token.start, token.end))) return i + 1
  }
  return MAX_SENTENCE_TOKENS
}

function lineEnd(text: string, start: number): number {
  const newline = text.indexOf('\n', start)
  return newline < 0 ? text.length : newline
}

function trimSpan(text: string, span: Span): Span {
  let start = span.start
  let end = span.end
  while (start < end && /\s/.test(text[start] ?? '')) start++
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--
  return { start, end }
}
