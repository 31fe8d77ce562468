// Text normalization shared by the index and the query: tokens, stopwords, a light stemmer (terminology layer).
// Both sides use the same functions, so whatever the index stores a query can match.
import { expansionOf, indexedExpansionOf } from './abbreviations'

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

// Longest first; one suffix is stripped, and at least 3 characters remain. No "ia": it is a
// singular ending ("pneumonia", "hernia", "bacteria"), and stripping it parted them from their
// plurals ("hernias" kept "hernia" while "hernia" became "hern").
const SUFFIXES = [
  'ations', 'ation', 'ities', 'ions', 'ives', 'ical', 'ings', 'ion', 'ive', 'ity', 'ies', 'ing',
  'ful', 'ous', 'ic', 'ed', 'es', 'al', 'e', 's', 'y',
] // prettier-ignore
// Latin and Greek forms brought to one spelling before the suffixes: plurals ("vertebrae",
// "bronchi", "bacteria"/"bacterium") and adjectives in -ial ("bacterial", "myocardial").
const LATIN_FORMS: readonly [RegExp, string][] = [
  [/(...)ae$/, '$1a'],
  [/(...[^aeiou])i$/, '$1us'],
  [/(..)i(?:um|al)$/, '$1ia'],
]
// British spellings of the words ICD-10 writes the American way: a medial "ae" ("anaemia",
// "haemorrhage", "paediatric") and an initial "oe" or "oea" ending ("oedema", "diarrhoea").
const BRITISH_FORMS: readonly [RegExp, string][] = [
  [/(?<=.)ae(?=.)/g, 'e'],
  [/^oe(?=[^aeiou])/, 'e'],
  [/oea$/, 'ea'],
]
const MIN_STEM_LENGTH = 3
const MAX_QUERY_TERMS = 16

/** Lower-case word tokens, accents removed; keeps `s/p`, `a-fib` style tokens whole. */
export function rawTokens(text: string): string[] {
  return plainText(text).match(/[a-z0-9]+(?:[/-][a-z0-9]*)*/g) ?? []
}

// The text lower-cased, accents removed.
function plainText(text: string): string {
  const lower = text.toLowerCase()
  // Order-file titles are ASCII: skip the (slow) Unicode decomposition when there is nothing to strip.
  return /[^ -~]/.test(lower) ? lower.normalize('NFKD').replace(/[\u0300-\u036f]/g, '') : lower
}

// Stems of the words seen, kept: an index build stems ~2 million title words from a vocabulary of
// tens of thousands, and each stem runs a few regular expressions. Emptied when it grows past
// this many, so queries of arbitrary words cannot grow it without bound.
const STEM_CACHE_ENTRIES = 200_000
const stems = new Map<string, string>()

/** A light suffix-stripping stem: knees/knee → kne, diabetes/diabetic → diabet. Digits unchanged. */
export function stem(word: string): string {
  let found = stems.get(word)
  if (found === undefined) {
    if (stems.size >= STEM_CACHE_ENTRIES) stems.clear()
    found = stemOf(word)
    stems.set(word, found)
  }
  return found
}

function stemOf(word: string): string {
  if (word.length <= MIN_STEM_LENGTH || /^[0-9]/.test(word)) return word
  word = latinSingular(americanSpelling(word))
  if (word.endsWith('ia')) return word
  for (const suffix of SUFFIXES) {
    if (!word.endsWith(suffix) || word.length - suffix.length < MIN_STEM_LENGTH) continue
    // "abscess", "sepsis", "mellitus": a final s after s, i or u is not a plural.
    if (suffix === 's' && /[siu]s$/.test(word)) return word
    return word.slice(0, -suffix.length)
  }
  return word
}

/** The American spelling of a British medical word (anaemia → anemia, oedema → edema); others unchanged. */
export function americanSpelling(word: string): string {
  return BRITISH_FORMS.reduce(
    (text, [pattern, replacement]) => text.replace(pattern, replacement),
    word,
  )
}

// One Latin or Greek rewrite at most, the first that applies.
function latinSingular(word: string): string {
  for (const [pattern, replacement] of LATIN_FORMS) {
    if (pattern.test(word)) return word.replace(pattern, replacement)
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
  // rawTokens split at their / and -: each word is a run of [a-z0-9], and every such run is one.
  return (plainText(title).match(/[a-z0-9]+/g) ?? []).filter((word) => !STOPWORDS.has(word))
}

/**
 * The stems of a code title, in order, stopwords dropped, then those of the expansions of its
 * abbreviations that it lacks ("(ESRD)", "COPD"): what the full-text index stores.
 */
export function titleStems(title: string): string[] {
  const stems = titleWords(title).map(stem)
  const present = new Set(stems)
  for (const token of rawTokens(title)) {
    for (const word of indexedExpansionOf(token) ?? []) {
      const expanded = stem(word)
      if (present.has(expanded)) continue
      present.add(expanded)
      stems.push(expanded)
    }
  }
  return stems
}

/**
 * The words whose vectors embed a text (wordVectors.ts): letters only, abbreviations expanded
 * (`query` side: as normalizeQuery, required words only; `index` side: as titleStems), without
 * stopwords or filler words. Repeats kept, in order.
 */
export function vectorWords(text: string, side: 'query' | 'index'): string[] {
  const words: string[] = []
  for (const token of rawTokens(text)) {
    const expanded = side === 'query' ? expansionOf(token)?.required : indexedExpansionOf(token)
    if (side === 'index' || expanded === undefined) words.push(...token.split(/[/-]/))
    if (expanded !== undefined) words.push(...expanded)
  }
  return words.filter((word) => /^[a-z]+$/.test(word) && !STOPWORDS.has(word) && !FILLER.has(word))
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
  // Plain loops: the searcher runs this on every row it reads (~60,000 over 200 notes).
  const essential = title.includes('(') ? title.replace(/\([^)]*\)/g, ' ') : title
  const found: string[] = []
  for (const word of titleWords(essential)) {
    if (isFillerWord(word)) continue
    const stemmed = stem(word)
    if (!found.includes(stemmed)) found.push(stemmed)
  }
  return found
}

/** Okapi BM25's inverse document frequency of a word in `frequency` of `documents` texts. */
export function inverseFrequency(documents: number, frequency: number): number {
  return Math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5))
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
