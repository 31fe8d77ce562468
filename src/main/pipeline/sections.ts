// Sections: finds note headers ("ASSESSMENT AND PLAN:", "## Plan") and the span each one heads
// (pipeline layer; a pure function of the note text).
import type { Section } from '../../shared/domain'
import type { Span } from '../../shared/text'

/** A header line's parts: the span covers the whole header ("## Plan", "Plan:"). */
export interface SectionHeader extends Span {
  /** Upper-case, single-spaced, without "#" or colon: "ASSESSMENT AND PLAN". */
  readonly name: string
  /** The header words alone, without "#" marks or colon. */
  readonly label: Span
}

// Headers a note may write in any case ("Past Medical History:"); unknown ones count only when
// written in capitals with a header word, so "Patient: J. Doe" or "BP: 120/80" stay text.
const KNOWN_HEADERS = new Set(
  `CHIEF COMPLAINT | CC | REASON FOR VISIT | REASON FOR CONSULTATION | HISTORY |
  HISTORY OF PRESENT ILLNESS | HPI | PAST MEDICAL HISTORY | PMH | PAST SURGICAL HISTORY |
  PSH | PAST MEDICAL AND SURGICAL HISTORY | PAST MEDICAL/SURGICAL HISTORY | PAST HISTORY |
  MEDICAL HISTORY | SURGICAL HISTORY | FAMILY HISTORY | FH | FHX | SOCIAL HISTORY | SH |
  MEDICATIONS | CURRENT MEDICATIONS | HOME MEDICATIONS | DISCHARGE MEDICATIONS |
  MEDICATIONS ON ADMISSION | ALLERGIES | REVIEW OF SYSTEMS | ROS | PHYSICAL EXAM |
  PHYSICAL EXAMINATION | EXAM | EXAMINATION | VITAL SIGNS | VITALS | LABS | LABORATORY |
  LABORATORY DATA | LAB RESULTS | RESULTS | IMAGING | RADIOLOGY | STUDIES | PROCEDURE |
  PROCEDURES | FINDINGS | IMPRESSION | ASSESSMENT | PLAN | ASSESSMENT AND PLAN |
  ASSESSMENT/PLAN | A/P | DIAGNOSIS | DIAGNOSES | ADMISSION DIAGNOSIS | DISCHARGE DIAGNOSIS |
  DISCHARGE DIAGNOSES | FINAL DIAGNOSIS | PREOPERATIVE DIAGNOSIS | POSTOPERATIVE DIAGNOSIS |
  HOSPITAL COURSE | BRIEF HOSPITAL COURSE | ED COURSE | DISPOSITION | FOLLOW UP | FOLLOW-UP |
  DISCHARGE INSTRUCTIONS | INSTRUCTIONS | SUBJECTIVE | OBJECTIVE | INDICATION | INDICATIONS |
  TECHNIQUE | COMPARISON | CONCLUSION | RECOMMENDATIONS | PROBLEM LIST | ACTIVE PROBLEMS |
  IMMUNIZATIONS | COMPLICATIONS | ANESTHESIA | MEDICAL DECISION MAKING | MDM`
    .split('|')
    .map((name) => name.trim()),
)

// Words that make an unknown capitalised line a header; "CHEST PAIN" alone on a line is a finding.
const HEADER_WORDS = new Set(
  `HISTORY EXAM EXAMINATION PLAN ASSESSMENT MEDICATIONS MEDICATION DIAGNOSIS DIAGNOSES RESULTS
  FINDINGS COURSE IMPRESSION LABS LABORATORY COMPLAINT ILLNESS SYSTEMS ALLERGIES INSTRUCTIONS
  PROCEDURES STUDIES IMAGING DATA SUMMARY REPORT SIGNS REVIEW PROBLEMS RECOMMENDATIONS NOTE
  NOTES CONSULTATION LETTER`.split(/\s+/),
)

const MARKDOWN_HEADER = /^(#{1,6})[ \t]+(.*?)[ \t#]*$/
// Words of a header: letters, spaces and the few joiners headers use ("A/P", "FOLLOW-UP"),
// either before a colon (text may follow on the line) or alone on their line.
const COLON_HEADER = /^([\p{L}][\p{L} \t/&'-]{0,59}?)[ \t]*:(?=\s|$)/u
const LINE_HEADER = /^[\p{L}][\p{L} \t/&'-]{0,59}$/u

/** Every header line of the text, in order. */
export function findHeaders(text: string): SectionHeader[] {
  const headers: SectionHeader[] = []
  for (const line of lines(text)) {
    const header = parseHeader(text, line)
    if (header) headers.push(header)
  }
  return headers
}

/** Sections from each header to the next one (trailing whitespace left out); frozen. */
export function findSections(text: string): readonly Section[] {
  const headers = findHeaders(text)
  const sections = headers.map((header, i) => {
    const next = headers[i + 1]
    const end = trimEnd(text, header.start, next ? next.start : text.length)
    return Object.freeze({ name: header.name, start: header.start, end })
  })
  return Object.freeze(sections)
}

/** Span of the section's header words in the text ("Family History" of "## Family History:"). */
export function headerLabel(text: string, section: Section): Span | null {
  const lineEnd = text.indexOf('\n', section.start)
  const line = { start: section.start, end: lineEnd < 0 ? text.length : lineEnd }
  return parseHeader(text, line)?.label ?? null
}

function parseHeader(text: string, line: Span): SectionHeader | null {
  const start = line.start + leadingSpace(text, line)
  const raw = text.slice(start, trimEnd(text, start, line.end))
  if (raw.length === 0) return null
  const markdown = MARKDOWN_HEADER.exec(raw)
  if (markdown) {
    const words = (markdown[2] ?? '').replace(/[ \t]*:$/, '')
    if (words.length === 0) return null
    const labelStart = start + raw.indexOf(words, (markdown[1] ?? '').length)
    return makeHeader(words, start, start + raw.length, labelStart)
  }
  const colon = COLON_HEADER.exec(raw)
  if (colon) {
    const words = (colon[1] ?? '').trimEnd()
    return isHeaderName(words) ? makeHeader(words, start, start + colon[0].length, start) : null
  }
  if (LINE_HEADER.test(raw) && isHeaderName(raw)) {
    return makeHeader(raw, start, start + raw.length, start)
  }
  return null
}

function makeHeader(words: string, start: number, end: number, labelStart: number): SectionHeader {
  return {
    name: normalizeName(words),
    start,
    end,
    label: { start: labelStart, end: labelStart + words.length },
  }
}

/** Known names in any case; others only in capitals and with a header word ("LABS AND IMAGING"). */
function isHeaderName(words: string): boolean {
  const name = normalizeName(words)
  if (KNOWN_HEADERS.has(name)) return true
  const isCapitals = words === words.toUpperCase() && /\p{Lu}/u.test(words)
  return isCapitals && name.split(/[ /&-]+/).some((word) => HEADER_WORDS.has(word))
}

function normalizeName(words: string): string {
  return words.trim().replace(/\s+/g, ' ').toUpperCase()
}

function* lines(text: string): Generator<Span> {
  let start = 0
  while (start <= text.length) {
    const newline = text.indexOf('\n', start)
    const end = newline < 0 ? text.length : newline
    yield { start, end }
    if (newline < 0) return
    start = newline + 1
  }
}

function leadingSpace(text: string, line: Span): number {
  let i = line.start
  while (i < line.end && (text[i] === ' ' || text[i] === '\t')) i++
  return i - line.start
}

function trimEnd(text: string, start: number, end: number): number {
  let i = end
  while (i > start && /\s/.test(text[i - 1] ?? '')) i--
  return i
}
