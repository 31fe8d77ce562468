// Assertion step: ConText-style negation, uncertainty, hypothetical, history and family status
// of each clinical chunk, from cues in its sentence and its section's defaults (pipeline layer).
import type { Assertion, AssertionCue, Section, Sentence } from '../../shared/domain'
import type { Span } from '../../shared/text'
import { CUE_RULES, type CueDirection, type CueKind, type CueRule } from './assertionCues'
import { headerLabel } from './sections'
import { tokenize } from './segment'
import type { Analysis, StepMeta } from './step'

/** Only these labels get an assertion; modifiers, body parts, doses… stay 'present'. */
export const ASSERTED_LABELS: ReadonlySet<string> = new Set([
  'Problem',
  'Symptom',
  'Procedure',
  'Test',
  'Drug',
])

/** A cue found in the text. */
export interface Cue extends Span {
  readonly kind: CueKind
  readonly direction: CueDirection
  readonly onlyFor?: readonly string[]
}

export interface AssertionResult {
  readonly assertion: Assertion
  readonly cue: AssertionCue | null
}

export const meta: StepMeta = {
  name: 'assert',
  needs: ['document', 'sentences', 'chunks'],
  gives: ['assertions'],
}

// When cues disagree the stronger claim wins: "no history of MI" is absent, not historical.
const PRIORITY: readonly Assertion[] = [
  'absent',
  'family',
  'possible',
  'hypothetical',
  'historical',
]

/** A cue phrase as tokens; `spaced[k]` says whether whitespace precedes token k+1 ("r/o": no). */
interface CuePattern {
  readonly rule: CueRule
  readonly tokens: readonly string[]
  readonly spaced: readonly boolean[]
}

const PATTERNS_BY_FIRST = indexPatterns(CUE_RULES)

/** The assertion step: every chunk gets its assertion and cue; a new frozen analysis. */
export function assertChunks(analysis: Analysis): Analysis {
  const { text, sections } = analysis.document
  const cuesBySentence = new Map<Sentence, Cue[]>()
  const chunks = analysis.chunks.map((chunk) => {
    const sentence = analysis.sentences.find((s) => s.start <= chunk.start && chunk.start < s.end)
    let cues: Cue[] = []
    if (sentence && ASSERTED_LABELS.has(chunk.label)) {
      cues = cuesBySentence.get(sentence) ?? findCues(text, sentence)
      cuesBySentence.set(sentence, cues)
    }
    const section = sections.find((s) => s.start <= chunk.start && chunk.start < s.end) ?? null
    const result = assertChunk(text, chunk, cues, section)
    return Object.freeze({ ...chunk, assertion: result.assertion, assertionCue: result.cue })
  })
  return Object.freeze({ ...analysis, chunks: Object.freeze(chunks) })
}

/**
 * Every cue inside `span` of the text, left to right. Cues match whole tokens (the NER token
 * rule), case-insensitively; at one place the longest phrase wins and the next search starts
 * after it, so "family history of" hides its "history of".
 */
export function findCues(text: string, span: Span): Cue[] {
  const tokens = tokenize(text, span)
  const words = tokens.map((token) => text.slice(token.start, token.end).toLowerCase())
  const cues: Cue[] = []
  for (let i = 0; i < tokens.length;) {
    const match = PATTERNS_BY_FIRST.get(words[i] ?? '')?.find((p) =>
      matchesAt(text, tokens, words, i, p),
    )
    const first = tokens[i]
    const last = tokens[i + (match?.tokens.length ?? 1) - 1]
    if (!match || !first || !last) {
      i++
      continue
    }
    const { kind, direction, onlyFor } = match.rule
    cues.push({
      start: first.start,
      end: last.end,
      kind,
      direction,
      ...(onlyFor ? { onlyFor } : {}),
    })
    i += match.tokens.length
  }
  return cues
}

function matchesAt(
  text: string,
  tokens: readonly Span[],
  words: readonly string[],
  at: number,
  pattern: CuePattern,
): boolean {
  return pattern.tokens.every((word, k) => {
    if (words[at + k] !== word) return false
    if (k === 0) return true
    const gap = text.slice(tokens[at + k - 1]?.end ?? 0, tokens[at + k]?.start ?? 0)
    return pattern.spaced[k - 1] ? gap.length > 0 && gap.trim() === '' : gap === ''
  })
}

/**
 * The assertion of one chunk given its sentence's cues and its section: the strongest claim of
 * the cues whose scope reaches it (nearest first on a tie), else the section's default.
 */
export function assertChunk(
  text: string,
  chunk: Span & { readonly label: string },
  cues: readonly Cue[],
  section: Section | null,
): AssertionResult {
  if (!ASSERTED_LABELS.has(chunk.label)) return { assertion: 'present', cue: null }
  const candidates: { assertion: Assertion; cue: Span; distance: number }[] = []
  cues.forEach((cue, i) => {
    if (cue.kind === 'terminate' || cue.kind === 'pseudo') return
    if (cue.onlyFor && !cue.onlyFor.includes(chunk.label)) return
    const distance = reach(text, cues, i, chunk)
    if (distance !== null) candidates.push({ assertion: cue.kind, cue, distance })
  })
  const fallback = sectionDefault(text, section)
  if (fallback) candidates.push({ ...fallback, distance: Infinity })
  candidates.sort(
    (a, b) =>
      PRIORITY.indexOf(a.assertion) - PRIORITY.indexOf(b.assertion) || a.distance - b.distance,
  )
  const best = candidates[0]
  if (!best) return { assertion: 'present', cue: null }
  const cue = { start: best.cue.start, end: best.cue.end }
  return { assertion: best.assertion, cue: { ...cue, text: text.slice(cue.start, cue.end) } }
}

/**
 * Characters between cue i and the chunk when the cue's scope reaches it, else null. A scope
 * ends at a terminator, or at a cue of another kind with words between (cues that only
 * whitespace separates chain: "no | history of").
 */
function reach(text: string, cues: readonly Cue[], i: number, chunk: Span): number | null {
  const cue = cues[i]
  if (!cue || (cue.start < chunk.end && chunk.start < cue.end)) return null
  const isBefore = cue.end <= chunk.start
  if (isBefore && cue.direction === 'backward') return null
  if (!isBefore && cue.direction === 'forward') return null
  const between = isBefore
    ? cues.slice(i + 1).filter((c) => c.end <= chunk.start)
    : cues.slice(0, i).filter((c) => c.start >= chunk.end)
  let previous: Span = cue
  for (const other of isBefore ? between : [...between].reverse()) {
    if (other.kind === 'terminate') return null
    const gap = isBefore
      ? { start: previous.end, end: other.start }
      : { start: other.end, end: previous.start }
    const isChained = text.slice(gap.start, gap.end).trim() === ''
    if (other.kind !== 'pseudo' && other.kind !== cue.kind && !isChained) return null
    previous = other
  }
  return isBefore ? chunk.start - cue.end : cue.start - chunk.end
}

/** FAMILY HISTORY → family, PAST MEDICAL/SURGICAL HISTORY → historical; the header is the cue. */
function sectionDefault(
  text: string,
  section: Section | null,
): { assertion: Assertion; cue: Span } | null {
  if (!section) return null
  const name = section.name
  let assertion: Assertion | null = null
  if (/\bFAMILY\b|^FHX?$/.test(name)) assertion = 'family'
  else if (/^(PAST\b|PMH$|PSH$|(MEDICAL|SURGICAL) HISTORY$)/.test(name)) assertion = 'historical'
  if (!assertion) return null
  const label = headerLabel(text, section) ?? { start: section.start, end: section.start }
  return { assertion, cue: label }
}

/** Patterns by their first token, longest first, so the first hit at a place is the longest. */
function indexPatterns(cueRules: readonly CueRule[]): Map<string, CuePattern[]> {
  const index = new Map<string, CuePattern[]>()
  for (const rule of cueRules) {
    const phrase = rule.phrase.toLowerCase()
    const spans = tokenize(phrase)
    const tokens = spans.map((token) => phrase.slice(token.start, token.end))
    const spaced = spans.slice(1).map((token, k) => token.start > (spans[k]?.end ?? 0))
    const first = tokens[0]
    if (first === undefined) continue
    index.set(first, [...(index.get(first) ?? []), { rule, tokens, spaced }])
  }
  for (const patterns of index.values()) patterns.sort((a, b) => b.tokens.length - a.tokens.length)
  return index
}
