// Resolver cache bench (bench layer): the fast pipeline's resolve queries of the ACI-BENCH notes
// (what the `bench` command codes), replayed on one thread through resolvers with caches of
// several sizes: CPU and wall ms per note on the first pass over the notes (each note new) and
// over `--passes` passes (the `bench --n 1000` cycle), and the heap the cache holds. A table or --json.
// With --compare-with REV: the same queries through REV's terminology code (checked out from git
// into a temp folder) and through this tree's, every output compared, first passes timed alternately.
// Run: node --expose-gc --import tsx bench/resolverCache.ts [--entries 2048,8192] [--passes 5] [--notes N] [--json]
//      node --import tsx bench/resolverCache.ts --compare-with HEAD [--rounds 6]
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { extractAciBenchNotes } from '../src/cli/benchNotes'
import { recordTable } from '../src/cli/output'
import { percentile, round } from '../src/cli/stats'
import { suggestCodes } from '../src/main/codeSuggestions'
import { createPipeline, readNote } from '../src/main/pipeline'
import { ALL_SYSTEMS, DEFAULT_SUGGESTION_LIMIT } from '../src/main/services'
import { openIndexDb } from '../src/main/terminology/indexDb'
import { createResolver } from '../src/main/terminology/resolver'
import { readResourceWordVectors } from '../src/main/terminology/resources'
import { createSearcher } from '../src/main/terminology/search'

const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '2048,8192' },
    passes: { type: 'string', default: '5' },
    notes: { type: 'string' },
    db: {
      type: 'string',
      default: join(
        process.env.CLINICAL_CODER_HOME ?? join(homedir(), '.clinical-coder'),
        'terminology.sqlite',
      ),
    },
    json: { type: 'boolean', default: false },
    'compare-with': { type: 'string' },
    rounds: { type: 'string', default: '6' },
  },
})
const resources = fileURLToPath(new URL('../resources', import.meta.url))

interface Query {
  readonly text: string
  readonly systems: readonly string[]
  readonly limit: number
}

/** Every resolve call the fast pipeline makes for each note, in order. */
async function collectQueries(files: readonly string[]): Promise<Query[][]> {
  const pipeline = await createPipeline({
    modelDir: join(resources, 'models', 'ner'),
    mode: 'fast',
  })
  const perNote: Query[][] = []
  for (const file of files) {
    const analysis = await pipeline.analyze(readNote(file))
    const queries: Query[] = []
    const recorder = {
      resolve: (text: string, options: { systems: readonly string[]; limit: number }) => {
        queries.push({ text, systems: options.systems, limit: options.limit })
        return []
      },
    }
    suggestCodes(
      analysis.chunks,
      recorder,
      { systems: ALL_SYSTEMS, limit: DEFAULT_SUGGESTION_LIMIT },
      analysis.enriched,
    )
    perNote.push(queries)
  }
  return perNote
}

interface CacheRow {
  entries: number
  notes: number
  queries_per_note: number
  first_pass_cpu_ms_per_note: number
  first_pass_wall_ms_per_note: number
  passes: number
  all_passes_cpu_ms_per_note: number
  all_passes_wall_ms_per_note: number
  cache_heap_mb: number | null
}

function collectGarbage(): void {
  ;(globalThis as { gc?: () => void }).gc?.()
}

/** Replays the queries through a fresh searcher and resolver with `entries` cache entries. */
function replay(perNote: readonly (readonly Query[])[], entries: number, passes: number): CacheRow {
  const db = openIndexDb(values.db, 'read')
  try {
    const searcher = createSearcher(db, readResourceWordVectors(join(resources, 'terminology')))
    const resolver = createResolver(searcher, entries)
    const run = () => {
      for (const queries of perNote) {
        for (const query of queries) resolver.resolve(query.text, query)
      }
    }
    const time = (count: number) => {
      const cpu = process.cpuUsage()
      const started = performance.now()
      for (let pass = 0; pass < count; pass++) run()
      const used = process.cpuUsage(cpu)
      const notes = perNote.length * count
      return {
        cpu: (used.user + used.system) / 1000 / notes,
        wall: (performance.now() - started) / notes,
      }
    }
    const first = time(1)
    const rest = time(passes - 1)
    collectGarbage()
    const heapBefore = process.memoryUsage().heapUsed
    resolver.clear()
    collectGarbage()
    const hasGc = typeof (globalThis as { gc?: unknown }).gc === 'function'
    return {
      entries,
      notes: perNote.length,
      queries_per_note: round(perNote.flat().length / perNote.length, 1),
      first_pass_cpu_ms_per_note: round(first.cpu, 2),
      first_pass_wall_ms_per_note: round(first.wall, 2),
      passes,
      all_passes_cpu_ms_per_note: round((first.cpu + rest.cpu * (passes - 1)) / passes, 2),
      all_passes_wall_ms_per_note: round((first.wall + rest.wall * (passes - 1)) / passes, 2),
      cache_heap_mb: hasGc ? round((heapBefore - process.memoryUsage().heapUsed) / 1e6, 1) : null,
    }
  } finally {
    db.close()
  }
}

/** The terminology modules a replay runs: this tree's, or another revision's. */
interface TerminologyCode {
  readonly openIndexDb: typeof openIndexDb
  readonly createSearcher: typeof createSearcher
  readonly createResolver: typeof createResolver
  readonly readResourceWordVectors: typeof readResourceWordVectors
}

const THIS_TREE: TerminologyCode = {
  openIndexDb,
  createSearcher,
  createResolver,
  readResourceWordVectors,
}

// REV's src/ in a temp folder, run by tsx beside this tree's node_modules.
async function codeAt(revision: string, dir: string): Promise<TerminologyCode> {
  const archive = execFileSync('git', ['archive', '--format=tar', revision, 'src', 'package.json'])
  execFileSync('tar', ['-x', '-C', dir], { input: archive })
  symlinkSync(fileURLToPath(new URL('../node_modules', import.meta.url)), join(dir, 'node_modules'))
  const load = (module: string) =>
    import(pathToFileURL(join(dir, 'src/main/terminology', `${module}.ts`)).href)
  const [db, search, resolver, resourceFiles] = await Promise.all(
    ['indexDb', 'search', 'resolver', 'resources'].map(load),
  )
  // The revision's modules are taken to have this tree's signatures (the bench fails loudly if not).
  return { ...db, ...search, ...resolver, ...resourceFiles } as TerminologyCode
}

/** One first pass over the notes through fresh searcher and resolver; every output when `keep`. */
function firstPass(perNote: readonly (readonly Query[])[], code: TerminologyCode, keep: boolean) {
  const db = code.openIndexDb(values.db, 'read')
  try {
    const vectors = code.readResourceWordVectors(join(resources, 'terminology'))
    const resolver = code.createResolver(code.createSearcher(db, vectors))
    const outputs: string[] = []
    const cpu = process.cpuUsage()
    const started = performance.now()
    for (const queries of perNote) {
      for (const query of queries) {
        const candidates = resolver.resolve(query.text, query)
        if (keep) outputs.push(JSON.stringify(candidates))
      }
    }
    const used = process.cpuUsage(cpu)
    return {
      wallMsPerNote: (performance.now() - started) / perNote.length,
      cpuMsPerNote: (used.user + used.system) / 1000 / perNote.length,
      outputs,
    }
  } finally {
    db.close()
  }
}

// Outputs compared query by query (candidates, order, scores, every field), then alternate first passes.
function compare(perNote: readonly (readonly Query[])[], base: TerminologyCode, revision: string) {
  const before = firstPass(perNote, base, true).outputs
  const after = firstPass(perNote, THIS_TREE, true).outputs
  const differing = before.flatMap((output, index) => (output === after[index] ? [] : [index]))
  const times = { base: [] as number[], tree: [] as number[] }
  const cpu = { base: [] as number[], tree: [] as number[] }
  for (let round = 0; round < Math.max(1, Number(values.rounds)); round++) {
    const order = round % 2 === 0 ? (['base', 'tree'] as const) : (['tree', 'base'] as const)
    for (const side of order) {
      const pass = firstPass(perNote, side === 'base' ? base : THIS_TREE, false)
      times[side].push(pass.wallMsPerNote)
      cpu[side].push(pass.cpuMsPerNote)
    }
  }
  const row = (side: 'base' | 'tree') => ({
    code: side === 'base' ? revision : 'working tree',
    first_pass_wall_ms_per_note_median: round(percentile(times[side], 0.5), 2),
    first_pass_cpu_ms_per_note_median: round(percentile(cpu[side], 0.5), 2),
    wall_ms_per_note_each: times[side].map((value) => round(value, 2)),
  })
  return {
    notes: perNote.length,
    queries: before.length,
    // Query indices only: the texts are chunk texts of the notes.
    differing_queries: differing.length,
    first_differing: differing.slice(0, 10),
    rows: [row('base'), row('tree')],
  }
}

const files = extractAciBenchNotes()
const perNote = await collectQueries(values.notes ? files.slice(0, Number(values.notes)) : files)
const revision = values['compare-with']
if (revision !== undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'resolver-base-'))
  try {
    const result = compare(perNote, await codeAt(revision, dir), revision)
    if (values.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
    } else {
      process.stdout.write(
        `${result.queries} resolve queries of ${result.notes} notes: ${result.differing_queries} differ between ${revision} and the working tree\n`,
      )
      process.stdout.write(`${recordTable(result.rows)}\n`)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
} else {
  const passes = Math.max(1, Number(values.passes))
  const rows = values.entries.split(',').map((entries) => replay(perNote, Number(entries), passes))
  if (values.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`)
  else process.stdout.write(`${recordTable(rows)}\n`)
}
