// Pair step: the candidate entity pairs of each sentence (the RE model's type whitelist, a token
// distance and a syntactic stand-in distance) with the FCNN's features (pipeline layer).
// No dependency parser is available offline: the entities and clause punctuation between the two
// entities stand in for the syntactic distance, as in training/re/features.py (kept identical).
import type { Chunk } from '../../shared/domain'
import type { Span } from '../../shared/text'
import type { PairRule, RelationModel, RelationSpec } from './reModel'
import type { Analysis, Step, StepMeta } from './step'

export const meta: StepMeta = {
  name: 'pair',
  needs: ['document', 'sentences', 'chunks'],
  gives: ['pairs'],
}

/** Punctuation that ends or opens a clause, counted between two entities. */
export const CLAUSE_PUNCTUATION: ReadonlySet<string> = new Set([',', ';', ':', '(', ')', '[', ']'])

/** An entity to pair: a span of the text the tokens point into, with its type. */
export interface PairEntity extends Span {
  readonly label: string
}

/** The model inputs of one pair (see training/re/features.py), plus the filter facts. */
export interface PairFeatures {
  /** Type ids of the left and right entity: index in the spec's types + 1 (0: unknown). */
  readonly types: readonly [number, number]
  readonly span1: readonly number[]
  readonly span2: readonly number[]
  /** Five windows of word ids: left/right of the left entity, left/right of the right, between. */
  readonly context: readonly (readonly number[])[]
  /** log1p of: tokens between, entities between, clause punctuation between, tokens of each span. */
  readonly scalars: readonly number[]
  /** Tokens strictly between the two entities. */
  readonly gap: number
  /** Entities plus clause punctuation between the two (the syntactic stand-in). */
  readonly syntax: number
}

/** A whitelisted pair by entity index: left precedes right in the text. */
export interface IndexedPair {
  readonly left: number
  readonly right: number
  readonly rule: PairRule
  /** Whether the left entity plays the rule's head. */
  readonly isLeftHead: boolean
  readonly features: PairFeatures
  /** False when the distance filter drops the pair (it is then never sent to the model). */
  readonly isKept: boolean
}

/** A note's candidate pair: head and tail are chunk ids. */
export interface CandidatePair {
  readonly head: string
  readonly tail: string
  readonly rule: PairRule
  readonly features: PairFeatures
}

/** A tokenized sentence: `tokens` are offsets into `text`, word ids one per token. */
export interface TokenizedSentence {
  readonly text: string
  readonly tokens: readonly Span[]
  readonly ids: readonly number[]
}

/** The pair step bound to a loaded RE model. */
export function createPairStep(model: RelationModel): Step {
  return {
    meta,
    run: (analysis: Analysis) => {
      const { text } = analysis.document
      const pairs: CandidatePair[] = []
      for (const sentence of analysis.sentences) {
        const chunks = analysis.chunks.filter(
          (chunk) =>
            chunk.start >= sentence.start &&
            chunk.end <= sentence.end &&
            model.spec.types.includes(chunk.label),
        )
        if (chunks.length < 2) continue
        const tokenized = tokenizedSentence(text, sentence.tokens, model.wordId)
        for (const pair of whitelistedPairs(tokenized, chunks, model.spec)) {
          if (pair.isKept) pairs.push(toCandidate(pair, chunks))
        }
      }
      return Object.freeze({ ...analysis, pairs: Object.freeze(pairs) })
    },
  }
}

/** Word ids of a sentence's tokens, computed once for all its pairs. */
export function tokenizedSentence(
  text: string,
  tokens: readonly Span[],
  wordId: (token: string) => number,
): TokenizedSentence {
  return { text, tokens, ids: tokens.map((token) => wordId(text.slice(token.start, token.end))) }
}

/** Every non-overlapping pair of the entities whose types a rule pairs, in text order. */
export function whitelistedPairs(
  sentence: TokenizedSentence,
  entities: readonly PairEntity[],
  spec: RelationSpec,
): IndexedPair[] {
  const order = entities
    .map((entity, i) => ({ entity, i }))
    .sort((a, b) => a.entity.start - b.entity.start || a.entity.end - b.entity.end)
  const pairs: IndexedPair[] = []
  order.forEach(({ entity: left, i }, x) => {
    for (const { entity: right, i: j } of order.slice(x + 1)) {
      if (left.end > right.start) continue
      const role = findRule(spec, left.label, right.label)
      const features = role && pairFeatures(sentence, entities, i, j, spec)
      if (!role || !features) continue
      pairs.push({ left: i, right: j, ...role, features, isKept: passesFilter(features, spec) })
    }
  })
  return pairs
}

/** The first rule pairing the two types, and whether the first type plays its head. */
export function findRule(
  spec: RelationSpec,
  first: string,
  second: string,
): { rule: PairRule; isLeftHead: boolean } | null {
  for (const rule of spec.pairs) {
    if (rule.head.includes(first) && rule.tail.includes(second)) return { rule, isLeftHead: true }
    if (rule.head.includes(second) && rule.tail.includes(first)) return { rule, isLeftHead: false }
  }
  return null
}

/** Features of entities i (left) and j (right); null when a span covers no token. */
export function pairFeatures(
  sentence: TokenizedSentence,
  entities: readonly PairEntity[],
  i: number,
  j: number,
  spec: RelationSpec,
): PairFeatures | null {
  const a = entities[i]
  const b = entities[j]
  if (!a || !b) return null
  const { first: a0, end: a1 } = tokenRange(sentence.tokens, a)
  const { first: b0, end: b1 } = tokenRange(sentence.tokens, b)
  if (a0 === a1 || b0 === b1) return null
  const ids = sentence.ids
  const gap = Math.max(0, b0 - a1)
  const betweenEntities = entities.filter(
    (entity, k) => k !== i && k !== j && entity.start >= a.end && entity.end <= b.start,
  ).length
  const betweenTokens = b0 > a1 ? sentence.tokens.slice(a1, b0) : []
  const betweenPunctuation = betweenTokens.filter((token) =>
    CLAUSE_PUNCTUATION.has(sentence.text.slice(token.start, token.end)),
  ).length
  const window = spec.window
  const pad = (values: readonly number[], n: number): number[] =>
    Array.from({ length: n }, (_, k) => values[k] ?? 0)
  return {
    types: [typeId(spec, a.label), typeId(spec, b.label)],
    span1: pad(ids.slice(a0, a1), spec.span),
    span2: pad(ids.slice(b0, b1), spec.span),
    context: [
      ids.slice(Math.max(0, a0 - window), a0),
      ids.slice(a1, a1 + window),
      ids.slice(Math.max(0, b0 - window), b0),
      ids.slice(b1, b1 + window),
      b0 > a1 ? ids.slice(a1, b0) : [],
    ].map((values) => pad(values, spec.context)),
    scalars: [gap, betweenEntities, betweenPunctuation, a1 - a0, b1 - b0].map(Math.log1p),
    gap,
    syntax: betweenEntities + betweenPunctuation,
  }
}

/** The candidate filter: max token distance, then max syntactic stand-in distance. */
export function passesFilter(features: PairFeatures, spec: RelationSpec): boolean {
  if (spec.maxTokens !== null && features.gap > spec.maxTokens) return false
  return spec.maxBetween === null || features.syntax <= spec.maxBetween
}

/** [first, end) of the tokens overlapping the span; [0, 0) when none does. */
export function tokenRange(tokens: readonly Span[], span: Span): { first: number; end: number } {
  let first = -1
  let end = 0
  tokens.forEach((token, k) => {
    if (token.start < span.end && token.end > span.start) {
      if (first < 0) first = k
      end = k + 1
    }
  })
  return first < 0 ? { first: 0, end: 0 } : { first, end }
}

function typeId(spec: RelationSpec, label: string): number {
  return spec.types.indexOf(label) + 1
}

function toCandidate(pair: IndexedPair, chunks: readonly Chunk[]): CandidatePair {
  const left = chunks[pair.left]?.id ?? ''
  const right = chunks[pair.right]?.id ?? ''
  return {
    head: pair.isLeftHead ? left : right,
    tail: pair.isLeftHead ? right : left,
    rule: pair.rule,
    features: pair.features,
  }
}
