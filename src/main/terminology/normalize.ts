// Text normalization shared by the index and the query: tokens, stopwords, a light stemmer (terminology layer).
// Both sides use the same functions, so whatever the index stores a query can match.
import { expansionOf } from './abbreviations'

/** One term of a normalized query. */
export interface QueryTerm {
  /** The query word (or abbreviation) this term comes from, lower case: reported as "matched". */
  readonly text: string
  /** The stem a description word must have to match the term. */
  readonly stem: string
  /** Counts toward coverage but is not required to find a code. */
  readonly optional: boolean
}

const STOPWORDS = new Set(
  (
    'a an and are as at be by for from has have in into is it its of on or the to was were ' +
    'which with patient pt pts s'
  ).split(' '),
)

// Longest first; one suffix is stripped, and at least 3 characters remain.
const SUFFIXES = [
  'ations', 'ation', 'ities', 'ions', 'ives', 'ical', 'ings', 'ion', 'ive', 'ity', 'ies', 'ing',
  'ful', 'ous', 'ic', 'ia', 'ed', 'es', 'al', 'e', 's', 'y',
] // prettier-ignore
const MIN_STEM_LENGTH = 3
const MAX_QUERY_TERMS = 16

/** Lower-case word tokens, accents removed; keeps `s/p`, `a-fib` style tokens whole. */
export function rawTokens(text: string): string[] {
  const lower = text.toLowerCase()
  // Order-file titles are ASCII: skip the (slow) Unicode decomposition when there is nothing to strip.
  const plain = /[^ -~]/.test(lower)
    ? lower.normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    : lower
  return plain.match(/[a-z0-9]+(?:[/-][a-z0-9]*)*/g) ?? []
}

/** A light suffix-stripping stem: knees/knee → kne, diabetes/diabetic → diabet. Digits unchanged. */
export function stem(word: string): string {
  if (word.length <= MIN_STEM_LENGTH || /^[0-9]/.test(word)) return word
  for (const suffix of SUFFIXES) {
    if (!word.endsWith(suffix) || word.length - suffix.length < MIN_STEM_LENGTH) continue
    // "abscess", "sepsis", "mellitus": a final s after s, i or u is not a plural.
    if (suffix === 's' && /[siu]s$/.test(word)) return word
    return word.slice(0, -suffix.length)
  }
  return word
}

// Title words that say "nothing more specific": they do not count against a title's precision nor
// its generality, so "Pain in unspecified knee" or "Type 2 diabetes mellitus without complications"
// are as precise as a query that names no more than they do. "Other" is not one: it means a
// specified condition. "Essential" names the default form ("Essential (primary) hypertension").
// "Initial encounter for closed fracture" is the coding default for an injury a note does not
// qualify (ICD-10-CM guidelines I.C.19.a and I.C.19.c.1).
const FILLER_WORDS =
  'unspecified specified not site organism without complications elsewhere classified nec nos ' +
  'mellitus essential initial encounter closed approach'

/** The words of a code title, in order, stopwords dropped, not yet stemmed. */
function titleWords(title: string): string[] {
  return rawTokens(title)
    .flatMap((token) => token.split(/[/-]/))
    .filter((word) => word !== '' && !STOPWORDS.has(word))
}

/** The stems of a code title, in order, stopwords dropped: what the full-text index stores. */
export function titleStems(title: string): string[] {
  return titleWords(title).map(stem)
}

const FILLER: ReadonlySet<string> = new Set(FILLER_WORDS.split(' '))

/**
 * True for a title word that adds no specificity (unspecified, without complications, …). Judged
 * on the word, not its stem: "nose" stems to "nos", which must not pass for "NOS".
 */
export function isFillerWord(word: string): boolean {
  return FILLER.has(word)
}

/**
 * The stems that make a title specific: no filler, and nothing in parentheses (ICD-10's
 * nonessential modifiers, as in "Essential (primary) hypertension"). Distinct, in order.
 */
export function specificStems(title: string): string[] {
  const essential = title.replace(/\([^)]*\)/g, ' ')
  return [
    ...new Set(
      titleWords(essential)
        .filter((word) => !isFillerWord(word))
        .map(stem),
    ),
  ]
}

/** A query as terms: lower-cased, punctuation and stopwords dropped, abbreviations expanded. */
export function normalizeQuery(text: string): QueryTerm[] {
  const terms = new Map<string, QueryTerm>()
  const add = (source: string, word: string, optional: boolean): void => {
    if (STOPWORDS.has(word)) return
    const key = stem(word)
    const existing = terms.get(key)
    if (existing === undefined || (existing.optional && !optional)) {
      terms.set(key, { text: existing?.text ?? source, stem: key, optional })
    }
  }
  for (const token of rawTokens(text)) {
    const expansion = expansionOf(token)
    if (expansion !== undefined) {
      expansion.required.forEach((word) => add(token, word, false))
      expansion.optional.forEach((word) => add(token, word, true))
      continue
    }
    for (const word of token.split(/[/-]/)) {
      if (word !== '') add(word, word, false)
    }
  }
  return [...terms.values()].slice(0, MAX_QUERY_TERMS)
}
