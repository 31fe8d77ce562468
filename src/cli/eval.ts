// `eval`: accuracy of the product's models on dataset folders (CLI.md); table to stderr, JSON to
// stdout with --json: `eval ner`, `eval re`, `eval normalization` and `eval coding`.
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Command } from 'commander'
import {
  CODING_CORPORA,
  CODING_KINDS,
  CORPUS_FACTS,
  EVAL_SPLITS,
  evaluateCoding,
  evaluateNer,
  evaluateNormalization,
  evaluateRe,
  NER_CORPORA,
  nerModelForEval,
  NORMALIZATION_CORPORA,
  RE_CORPORA,
  RE_CORPUS_FOLDERS,
  RE_MODEL_FOR,
  RE_MODES,
  type CodeNotes,
  type CodingEvalResult,
  type CodingScore,
  type NerCorpus,
  type NerEvalResult,
  type NormalizationEvalResult,
  type ReCorpus,
  type ReEvalResult,
} from '../main/evaluation'
import {
  createPlainFtsBaseline,
  HPO,
  openTerminology,
  readHpoJson,
  type TerminologyService,
} from '../main/terminology'
import { DEFAULT_RE_TRANSFORMER, NER_MODEL_FOR } from '../main/pipeline'
import { createEngine, type Engine } from '../main/services'
import { reportFailures } from './failures'
import { emit, positiveInt, progress, table } from './output'
import type { GlobalOptions } from './paths'
import { resolvePaths } from './paths'

interface NerOptions {
  corpus: string
  split: string
  mode: string
  data?: string
  model?: string
  transformerOnly?: boolean
  json?: boolean
}

/** Adds `eval` and its subcommands to the program. */
export function registerEvalCommands(program: Command): void {
  const evalCommand = program.command('eval').description('accuracy on a dataset folder')
  evalCommand
    .command('ner')
    .description('exact span + label F1 of the NER model on a corpus split')
    .requiredOption('--corpus <name>', NER_CORPORA.join('|'))
    .requiredOption('--split <split>', EVAL_SPLITS.join('|'))
    .option(
      '--mode <mode>',
      'fast: the BiLSTM-CRF (resources/models/ner); accurate: the transformer (ner-transformer for maccrobat, averaged with the BiLSTM-CRF as the app does; ner-literature for the others)',
      'fast',
    )
    .option('--data <dir>', 'the dataset folder (default: $CODER_SHARED or ../shared, datasets/…)')
    .option('--model <dir>', 'NER model directory of either kind (default: the --mode model)')
    .option(
      '--transformer-only',
      'accurate mode: the transformer alone, not averaged with the BiLSTM-CRF (resources/models/ner)',
    )
    .option('--json', 'print the result as JSON on stdout')
    .action(async (options: NerOptions, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>()
      const modelName = nerModelForEval(options.mode, options.corpus)
      const models = join(resolvePaths(global).resourcesDir, 'models')
      // As the app's accurate mode: a transformer head with the BiLSTM-CRF's labels is averaged with it.
      const blend = options.mode === 'accurate' && !options.transformerOnly
      const result = await evaluateNer({
        corpus: options.corpus,
        split: options.split,
        dataDir: options.data ?? defaultDataDir(options.corpus),
        modelDir: options.model ?? join(models, modelName),
        ...(blend ? { blendDir: join(models, NER_MODEL_FOR.fast) } : {}),
        onProgress: (done, total) => {
          if (done % 50 === 0 || done === total) progress(`tagged ${done}/${total} documents`)
        },
      })
      process.stderr.write(`${renderTable(result)}\n`)
      if (options.json) emit(JSON.stringify(result, null, 2))
    })
  evalCommand
    .command('re')
    .description('macro and micro F1 of a relation model on a corpus split, gold entities given')
    .requiredOption('--corpus <name>', RE_CORPORA.join('|'))
    .requiredOption('--split <split>', EVAL_SPLITS.join('|'))
    .option('--mode <mode>', RE_MODES.join('|'), 'fast')
    .option('--data <dir>', 'the dataset folder (default: $CODER_SHARED or ../shared, datasets/…)')
    .option(
      '--model <dir>',
      'fast RE model directory; in accurate mode its whitelist and filter pick the pairs (default: resources/models/re-<corpus model>)',
    )
    .option(
      '--transformer <dir>',
      `accurate mode's transformer RE model directory (default: resources/models/${DEFAULT_RE_TRANSFORMER})`,
    )
    .option(
      '--all-pairs',
      'accurate mode: score every whitelisted pair, not only the filtered ones',
    )
    .option(
      '--transformer-only',
      "accurate mode: the transformer's classes alone, not averaged with the fast model's as the app does",
    )
    .option('--json', 'print the result as JSON on stdout')
    .action(async (options: ReOptions, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>()
      const folder = RE_CORPUS_FOLDERS[options.corpus as ReCorpus] ?? options.corpus
      const modelName = RE_MODEL_FOR[options.corpus as ReCorpus] ?? `re-${options.corpus}`
      const models = join(resolvePaths(global).resourcesDir, 'models')
      const result = await evaluateRe({
        corpus: options.corpus,
        split: options.split,
        mode: options.mode,
        dataDir: options.data ?? sharedDataset(folder),
        modelDir: options.model ?? join(models, modelName),
        transformerDir: options.transformer ?? join(models, DEFAULT_RE_TRANSFORMER),
        allPairs: options.allPairs === true,
        transformerOnly: options.transformerOnly === true,
      })
      process.stderr.write(`${renderReTable(result)}\n`)
      if (options.json) emit(JSON.stringify(result, null, 2))
    })
  evalCommand
    .command('normalization')
    .description(
      'phenotype mention → HPO id: top-1/top-5 accuracy of the resolver and of a plain FTS5 baseline',
    )
    .requiredOption('--corpus <name>', NORMALIZATION_CORPORA.join('|'))
    .requiredOption('--split <split>', EVAL_SPLITS.join('|'))
    .option(
      '--data <dir>',
      'the dataset folder (default: $CODER_SHARED or ../shared, datasets/pgr)',
    )
    .option(
      '--hpo <file>',
      'hp.json(.gz), imported into the terminology index when HPO is absent (default: ../shared/terminology/hpo/hp.json.gz)',
    )
    .option('--json', 'print the result as JSON on stdout')
    .action((options: NormalizationOptions, command: Command) => {
      const paths = resolvePaths(command.optsWithGlobals<GlobalOptions>())
      const service = openTerminology({
        dbPath: paths.terminologyDb,
        resourcesDir: join(paths.resourcesDir, 'terminology'),
      })
      try {
        const result = evaluateWithHpo(service, options)
        process.stderr.write(`${renderNormalizationTable(result)}\n`)
        if (options.json) emit(JSON.stringify(result, null, 2))
      } finally {
        service.close()
      }
    })
  registerCodingCommand(evalCommand)
}

interface CodingOptions {
  corpus: string
  kind: string
  split: string
  mode: string
  data?: string
  json?: boolean
}

// `eval coding`: the notes go through the engine `code` uses (worker pool, same limit per chunk).
function registerCodingCommand(evalCommand: Command): void {
  evalCommand
    .command('coding')
    .description(
      'CodiEsp: official MAP of each note’s ranked codes, and micro P/R/F1 of the proposed codes',
    )
    .requiredOption('--corpus <name>', CODING_CORPORA.join('|'))
    .requiredOption('--kind <kind>', `${CODING_KINDS.join('|')} (ICD-10-CM or ICD-10-PCS codes)`)
    .requiredOption('--split <split>', EVAL_SPLITS.join('|'))
    .option('--mode <mode>', 'fast|accurate, as `code --mode`', 'fast')
    .option(
      '--data <dir>',
      'the dataset folder (default: $CODER_SHARED or ../shared, datasets/codiesp)',
    )
    .option('--json', 'print the result as JSON on stdout')
    .action(async (options: CodingOptions, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>()
      const engines: Engine[] = []
      try {
        const result = await evaluateCoding({
          corpus: options.corpus,
          kind: options.kind,
          split: options.split,
          mode: options.mode,
          dataDir: options.data ?? sharedDataset(options.corpus),
          codeNotes: engineCoder(global, engines),
          onProgress: (done, total) => {
            if (done % 50 === 0 || done === total) progress(`coded ${done}/${total} notes`)
          },
        })
        process.stderr.write(`${renderCodingTable(result)}\n`)
        if (options.json) emit(JSON.stringify(result, null, 2))
        reportFailures(result.failed)
      } finally {
        await Promise.all(engines.map((engine) => engine.close()))
      }
    })
}

// Starts the engine only once the options and the dataset are known good; `engines` gets it to close.
function engineCoder(global: GlobalOptions, engines: Engine[]): CodeNotes {
  return async (paths, request) => {
    const engine = createEngine({
      ...resolvePaths(global),
      threads: positiveInt(global.threads, '--threads'),
    })
    engines.push(engine)
    const { coded, failed } = await engine.codePaths(paths, {
      systems: [request.system],
      mode: request.mode,
      onProgress: (_path, done, total) => request.onProgress?.(done, total),
    })
    const notes = coded.map(({ document }) => ({
      path: document.path,
      suggestions: document.suggestions,
    }))
    return { notes, failed }
  }
}

function renderCodingTable(result: CodingEvalResult): string {
  const row = (name: string, s: CodingScore) => [
    name,
    s.map.toFixed(4),
    s.map_gold_notes.toFixed(4),
    s.precision.toFixed(4),
    s.recall.toFixed(4),
    s.f1.toFixed(4),
    s.proposed,
    s.correct,
  ]
  const title =
    `${result.corpus} ${result.split} ${result.kind} (${result.mode}, ${result.system}): ` +
    `${result.notes} notes, ${result.notes_with_gold} with gold codes (${result.gold_codes}), ` +
    `${result.notes_with_codes} with suggestions, ${result.failed.length} failed, ${result.seconds} s`
  const legend = [
    'map: official CodiEsp MAP of each note’s codes ranked by best suggestion score, then rank, over notes with a suggestion;',
    'map_gold: the same over notes with gold codes, a note without suggestions counting 0;',
    'p/r/f1: micro over (note, code) of the proposed codes, the top suggestion of each chunk’s basis group;',
    'both: base and enriched suggestions, as the coder sees them; base: chunk text only;',
    `enriched: a chunk’s enriched suggestions in place of its base ones; category: both, codes cut to ${result.category.characters} characters`,
  ].join('\n')
  return `${title}\n${legend}\n${table([
    ['view', 'map', 'map_gold', 'p', 'r', 'f1', 'proposed', 'correct'],
    row('both', result),
    row('base', result.base),
    row('enriched', result.enriched),
    row('category', result.category),
  ])}`
}

interface NormalizationOptions {
  corpus: string
  split: string
  data?: string
  hpo?: string
  json?: boolean
}

// The resolver over the index's HPO (imported from --hpo when absent) against FTS5 over HPO names.
function evaluateWithHpo(
  service: TerminologyService,
  options: NormalizationOptions,
): NormalizationEvalResult {
  const hpoPath = options.hpo ?? sharedFile('terminology', 'hpo', 'hp.json.gz')
  const hpo = readHpoJson(hpoPath)
  if (!service.list().some((release) => release.system === HPO && release.isCurrent)) {
    progress(`importing ${hpoPath} into the terminology index`)
    service.importRelease(hpoPath)
  }
  const names = hpo.release.rows.map((row) => ({ code: row.code, name: row.long }))
  const baseline = createPlainFtsBaseline(names)
  try {
    return evaluateNormalization({
      corpus: options.corpus,
      split: options.split,
      dataDir: options.data ?? sharedDataset('pgr'),
      resolver: (text, limit) =>
        service.resolve(text, { systems: [HPO], limit }).map((candidate) => candidate.code),
      baseline: (text, limit) => baseline.search(text, limit),
      aliases: hpo.alternatives,
      knownCodes: new Set(names.map((entry) => entry.code)),
    })
  } finally {
    baseline.close()
  }
}

interface ReOptions {
  corpus: string
  split: string
  mode: string
  data?: string
  model?: string
  transformer?: string
  allPairs?: boolean
  transformerOnly?: boolean
  json?: boolean
}

/** The corpus's folder under the shared datasets: $CODER_SHARED/datasets/…, else ../shared/…. */
function defaultDataDir(corpus: string): string {
  return sharedDataset(CORPUS_FACTS[corpus as NerCorpus]?.folder ?? corpus)
}

function sharedDataset(folder: string): string {
  return sharedFile('datasets', folder)
}

function sharedFile(...parts: string[]): string {
  const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
  const shared = process.env.CODER_SHARED ?? join(repo, '..', 'shared')
  return resolve(shared, ...parts)
}

function renderNormalizationTable(result: NormalizationEvalResult): string {
  const row = (name: string, all: RankRow, distinct: RankRow) => [
    name,
    all.top1.toFixed(4),
    all.top5.toFixed(4),
    all.n,
    distinct.top1.toFixed(4),
    distinct.top5.toFixed(4),
    distinct.n,
  ]
  const title =
    `${result.corpus} ${result.split}: ${result.n} mentions (${result.distinct.resolver.n} distinct), ` +
    `${result.gold_remapped} gold ids remapped to current HPO, ${result.gold_not_in_index} not in it, ` +
    `${result.withheld_mentions} withheld, ${result.seconds} s`
  return `${title}\n${table([
    ['ranker', 'top1', 'top5', 'n', 'distinct_top1', 'distinct_top5', 'distinct_n'],
    row('resolver', result, result.distinct.resolver),
    row('baseline_fts5_names', result.baseline, result.distinct.baseline),
  ])}`
}

interface RankRow {
  readonly top1: number
  readonly top5: number
  readonly n: number
}

function renderReTable(result: ReEvalResult): string {
  const rows = Object.entries(result.per_type).map(([type, s]) => [
    type,
    s.p.toFixed(4),
    s.r.toFixed(4),
    s.f1.toFixed(4),
    s.support,
  ])
  const title =
    `${result.corpus} ${result.split} (${result.mode}): ${result.pairs} pairs, ` +
    `macro F1 ${result.macro_f1.toFixed(4)}, micro F1 ${result.micro_f1.toFixed(4)}, ` +
    `filter keeps ${result.filter.kept} pairs and ${result.filter.positive_recall} of related ones, ` +
    (result.accurate
      ? `${result.accurate.name} (${result.accurate.layout} layout, ${result.accurate.head} head, ` +
        `fast model's share ${result.accurate.fast_share}), `
      : '') +
    `${result.seconds} s`
  return `${title}\n${table([['type', 'p', 'r', 'f1', 'support'], ...rows])}`
}

function renderTable(result: NerEvalResult): string {
  const rows = Object.entries(result.per_type).map(([label, s]) => [
    label,
    s.p.toFixed(4),
    s.r.toFixed(4),
    s.f1.toFixed(4),
    s.support,
    s.predicted,
  ])
  const micro = [
    'micro',
    result.p.toFixed(4),
    result.r.toFixed(4),
    result.micro_f1.toFixed(4),
    result.gold_spans,
    result.predicted_spans,
  ]
  const head = result.model.head ? ` (${result.model.head} head)` : ''
  const blended = result.model.blended_with ? `, averaged with ${result.model.blended_with}` : ''
  const title =
    `${result.corpus} ${result.split}: ${result.documents} documents, ${result.seconds} s, ` +
    `model ${result.model.name}${head}${blended}`
  return `${title}\n${table([['type', 'p', 'r', 'f1', 'support', 'predicted'], ...rows, micro])}`
}
