// Normalization accuracy: phenotype mention → HPO id, top-1 and top-5, for the resolver and a baseline in one run (evaluation layer).
// The rankers come in as functions, so this layer needs no terminology import (the CLI composes them).
import { CoderError } from '../../shared/errors'
import { EVAL_SPLITS, type EvalSplit } from './corpora'
import {
  NORMALIZATION_CORPORA,
  readPgrMentions,
  type NormalizationCorpus,
  type NormalizationMention,
} from './normalizationCorpus'

/** Codes for a mention text, best first, at most `limit`. */
export type MentionRanker = (text: string, limit: number) => readonly string[]

export interface NormalizationEvalOptions {
  readonly corpus: string
  readonly split: string
  readonly dataDir: string
  /** The product's resolver over the HPO system. */
  readonly resolver: MentionRanker
  /** The plain baseline scored in the same run (e.g. FTS5 bm25 over names only). */
  readonly baseline: MentionRanker
  /** Retired or merged HPO ids → the current id (gold ids from an older HPO are mapped through it). */
  readonly aliases?: ReadonlyMap<string, string>
  /** The codes of the index, to count gold ids no ranker can return. */
  readonly knownCodes?: ReadonlySet<string>
}

/** Top-1 and top-5 accuracy of one ranker over n items. */
export interface RankAccuracy {
  readonly top1: number
  readonly top5: number
  readonly n: number
}

/** CLI.md's `{ corpus, split, top1, top5, n }` (the resolver's), plus the baseline and counts. */
export interface NormalizationEvalResult extends RankAccuracy {
  readonly corpus: NormalizationCorpus
  readonly split: EvalSplit
  readonly baseline: RankAccuracy
  /** The same scores over distinct (mention text, gold id) pairs, so frequent mentions weigh once. */
  readonly distinct: { readonly resolver: RankAccuracy; readonly baseline: RankAccuracy }
  /** Gold ids mapped from a retired or merged id to the current one. */
  readonly gold_remapped: number
  /** Mentions whose gold id the index lacks (no ranker can get them right). */
  readonly gold_not_in_index: number
  /** Mentions left out because their abstract is withheld for the blind test. */
  readonly withheld_mentions: number
  readonly files: readonly string[]
  readonly seconds: number
}

const TOP = 5

/** Scores the resolver and the baseline on the corpus split; throws E_OPTION for a bad name. */
export function evaluateNormalization(options: NormalizationEvalOptions): NormalizationEvalResult {
  const startedAtMs = performance.now()
  const corpus = checkName(options.corpus, NORMALIZATION_CORPORA, '--corpus')
  const split = checkName(options.split, EVAL_SPLITS, '--split')
  const set = readPgrMentions(options.dataDir, split)
  const aliases = options.aliases ?? new Map<string, string>()
  const mentions = set.mentions.map((mention) => ({
    ...mention,
    gold: aliases.get(mention.gold) ?? mention.gold,
  }))
  const remapped = set.mentions.filter((mention) => aliases.has(mention.gold)).length
  const known = options.knownCodes
  const distinct = distinctMentions(mentions)
  const resolver = memoized(options.resolver)
  const baseline = memoized(options.baseline)
  const scored = score(mentions, resolver)
  return {
    corpus,
    split,
    ...scored,
    baseline: score(mentions, baseline),
    distinct: { resolver: score(distinct, resolver), baseline: score(distinct, baseline) },
    gold_remapped: remapped,
    gold_not_in_index:
      known === undefined ? 0 : mentions.filter((mention) => !known.has(mention.gold)).length,
    withheld_mentions: set.withheldMentions,
    files: set.files,
    seconds: Math.round(performance.now() - startedAtMs) / 1000,
  }
}

/** Top-1 and top-5 accuracy of a ranker on mentions (a gold id found at rank 1, at ranks 1–5). */
export function score(
  mentions: readonly NormalizationMention[],
  ranker: MentionRanker,
): RankAccuracy {
  let top1 = 0
  let top5 = 0
  for (const mention of mentions) {
    const codes = ranker(mention.text, TOP).slice(0, TOP)
    if (codes[0] === mention.gold) top1++
    if (codes.includes(mention.gold)) top5++
  }
  const n = mentions.length
  return { top1: fraction(top1, n), top5: fraction(top5, n), n }
}

function distinctMentions(mentions: readonly NormalizationMention[]): NormalizationMention[] {
  const byKey = new Map<string, NormalizationMention>()
  for (const mention of mentions) {
    const key = `${mention.text.toLowerCase()}\t${mention.gold}`
    if (!byKey.has(key)) byKey.set(key, mention)
  }
  return [...byKey.values()]
}

// Mentions repeat ("cancer" hundreds of times): rank each text once.
function memoized(ranker: MentionRanker): MentionRanker {
  const cache = new Map<string, readonly string[]>()
  return (text, limit) => {
    const key = `${limit}\t${text}`
    let codes = cache.get(key)
    if (codes === undefined) {
      codes = ranker(text, limit)
      cache.set(key, codes)
    }
    return codes
  }
}

function fraction(count: number, total: number): number {
  return total === 0 ? 0 : Math.round((count / total) * 10_000) / 10_000
}

function checkName<T extends string>(value: string, allowed: readonly T[], option: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw new CoderError('E_OPTION', {
    reason: `${option} must be one of ${allowed.join(', ')}, not "${value}"`,
  })
}
