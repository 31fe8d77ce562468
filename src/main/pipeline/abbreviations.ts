// Abbreviations a note defines in the Schwartz & Hearst (2003) way, "long form (SF)": the short
// form in parentheses right after a mention, every letter and digit of it found in order in the
// long form, its first one at the start of a word (pipeline layer).
import type { Span } from '../../shared/text'

/** A short form the text defines right after a long form (a mention's span). */
export interface AbbreviationDefinition {
  readonly shortForm: string
  readonly longForm: Span
}

/** Short forms longer than this are taken for a remark in parentheses, not an abbreviation. */
export const MAX_SHORT_FORM_LENGTH = 10

// "(" right after the long form, the short form, ")": no nested parentheses, no leading space.
const PARENTHESIZED = /^\s*\(\s*([^()\s][^()]*?)\s*\)/u
const LETTER = /\p{L}/u
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u

/** The short form `text` defines right after `longForm`, or null when there is none there. */
export function definitionAfter(text: string, longForm: Span): AbbreviationDefinition | null {
  const match = PARENTHESIZED.exec(text.slice(longForm.end, longForm.end + 40))
  const shortForm = match?.[1]
  if (!shortForm || shortForm.length > MAX_SHORT_FORM_LENGTH) return null
  const long = text.slice(longForm.start, longForm.end)
  return abbreviates(shortForm, long) ? { shortForm, longForm } : null
}

/**
 * Schwartz & Hearst's test: the short form has a letter and is shorter than the long form, and
 * its letters and digits occur in the long form in order, read from the right, with its first
 * one at the start of a word of the long form ("cis-RA" abbreviates "13-cis-retinoic acid").
 */
export function abbreviates(shortForm: string, longForm: string): boolean {
  if (!LETTER.test(shortForm) || shortForm.length >= longForm.length) return false
  const wanted = [...shortForm.toLowerCase()].filter((c) => LETTER_OR_DIGIT.test(c))
  const long = longForm.toLowerCase()
  let at = long.length - 1
  for (let k = wanted.length - 1; k >= 0; k--) {
    const isFirst = k === 0
    while (at >= 0 && (long[at] !== wanted[k] || (isFirst && isWordCharacter(long, at - 1)))) at--
    if (at < 0) return false
    at--
  }
  return true
}

/** Whether `text` has a letter or digit at `index` (false outside the text): what bounds a word. */
export function isWordCharacter(text: string, index: number): boolean {
  return index >= 0 && index < text.length && LETTER_OR_DIGIT.test(text.charAt(index))
}
