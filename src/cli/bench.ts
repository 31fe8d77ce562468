// `bench`: end-to-end coding speed (import → suggestions) on whole notes; prints a table or CLI.md JSON.
import type { Command } from 'commander'
import { CoderError } from '../shared/errors'
import { ALL_SYSTEMS, createEngine, DEFAULT_SUGGESTION_LIMIT } from '../main/services'
import type { Engine } from '../main/services'
import type { PipelineMode } from '../main/pipeline'
import { extractAciBenchNotes, notesInFolder } from './benchNotes'
import { emit, positiveInt, progress, table } from './output'
import { percentile, round } from './stats'
import type { GlobalOptions } from './paths'
import { resolvePaths } from './paths'

const WARM_UP_NOTES = 4
/** Notes coded one at a time, to measure what a coder waits for on one note. */
const SINGLE_NOTE_SAMPLES = 20

export interface BenchRow {
  notes: number
  seconds: number
  notes_per_s: number
  p50_ms: number
  p95_ms: number
  single_note_p50_ms: number
  single_note_p95_ms: number
  /** Peak resident memory of the process, worker threads included; with --mode both, so far. */
  peak_rss_mb: number
  threads: number
  /** Mean milliseconds per note in each step (import, pipeline steps, resolve), on one thread. */
  step_mean_ms: Record<string, number>
}

export function registerBenchCommand(program: Command): void {
  program
    .command('bench')
    .description(
      'measure end-to-end coding speed on whole notes (default: the 207 ACI-BENCH notes)',
    )
    .option('--notes <dir>', 'a folder of notes instead of ACI-BENCH')
    .option('--n <count>', 'notes to code (cycles the set when larger)')
    .option('--mode <mode>', 'fast|accurate|both', 'fast')
    .option('--json', 'print JSON')
    .action(
      async (
        options: { notes?: string; n?: string; mode: string; json?: boolean },
        command: Command,
      ) => {
        const modes = benchModes(options.mode)
        const global = command.optsWithGlobals<GlobalOptions>()
        const source = options.notes ? notesInFolder(options.notes) : extractAciBenchNotes()
        const count = positiveInt(options.n, '--n') ?? source.length
        const files = Array.from({ length: count }, (_, i) => source[i % source.length] as string)
        const engine = createEngine({
          ...resolvePaths(global),
          threads: positiveInt(global.threads, '--threads'),
        })
        try {
          const result: Record<string, BenchRow> = {}
          for (const mode of modes) result[mode] = await measure(engine, files, mode)
          emit(options.json ? JSON.stringify(result, null, 2) : renderTable(result))
        } finally {
          await engine.close()
        }
      },
    )
}

/** The modes `--mode` asks for, in the order they are measured. */
function benchModes(mode: string): PipelineMode[] {
  if (mode === 'both') return ['fast', 'accurate']
  if (mode === 'fast' || mode === 'accurate') return [mode]
  throw new CoderError('E_OPTION', {
    reason: `--mode must be fast, accurate or both, got "${mode}"`,
  })
}

async function measure(
  engine: Engine,
  files: readonly string[],
  mode: PipelineMode,
): Promise<BenchRow> {
  const options = { systems: ALL_SYSTEMS, limit: DEFAULT_SUGGESTION_LIMIT, mode }
  // Every thread must load the mode's models before timing starts: warm up one note per thread.
  const warmUp = Math.max(WARM_UP_NOTES, engine.noteCoder.threads)
  progress(`${mode}: warming up on ${warmUp} notes`)
  await Promise.all(files.slice(0, warmUp).map((file) => engine.noteCoder.code(file, options)))
  const single: number[] = []
  for (const file of files.slice(0, SINGLE_NOTE_SAMPLES)) {
    const started = performance.now()
    await engine.noteCoder.code(file, options)
    single.push(performance.now() - started)
  }
  progress(`${mode}: coding ${files.length} notes on ${engine.noteCoder.threads} threads`)
  const started = performance.now()
  // Keep only the timings: holding every coded document would make peak RSS measure the bench.
  const coded = await Promise.all(
    files.map(async (file) => {
      const { elapsedMs, stepMs } = await engine.noteCoder.code(file, options)
      return { elapsedMs, stepMs }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  const perNote = coded.map((note) => note.elapsedMs)
  return {
    notes: files.length,
    seconds: round(seconds, 2),
    notes_per_s: round(files.length / seconds, 1),
    p50_ms: round(percentile(perNote, 0.5), 1),
    p95_ms: round(percentile(perNote, 0.95), 1),
    single_note_p50_ms: round(percentile(single, 0.5), 1),
    single_note_p95_ms: round(percentile(single, 0.95), 1),
    peak_rss_mb: round(process.resourceUsage().maxRSS / 1024, 0),
    threads: engine.noteCoder.threads,
    step_mean_ms: meanSteps(coded.map((note) => note.stepMs)),
  }
}

function meanSteps(perNote: readonly Readonly<Record<string, number>>[]): Record<string, number> {
  const totals: Record<string, number> = {}
  for (const steps of perNote) {
    for (const [name, ms] of Object.entries(steps)) totals[name] = (totals[name] ?? 0) + ms
  }
  return Object.fromEntries(
    Object.entries(totals).map(([name, ms]) => [name, round(ms / perNote.length, 2)]),
  )
}

function renderTable(result: Record<string, BenchRow>): string {
  const rows = Object.entries(result)
  const keys = Object.keys(rows[0]?.[1] ?? {}).filter((k) => k !== 'step_mean_ms') as Exclude<
    keyof BenchRow,
    'step_mean_ms'
  >[]
  const steps = Object.keys(rows[0]?.[1].step_mean_ms ?? {})
  const totals = table([
    ['mode', ...keys],
    ...rows.map(([mode, row]) => [mode, ...keys.map((k) => row[k])]),
  ])
  const breakdown = table([
    ['mode', ...steps.map((step) => `${step}_ms`)],
    ...rows.map(([mode, row]) => [mode, ...steps.map((step) => row.step_mean_ms[step] ?? 0)]),
  ])
  return `${totals}\n\nmean per note, by step (one thread):\n${breakdown}`
}
