// Resolver cache bench (bench layer): the fast pipeline's resolve queries of the ACI-BENCH notes
// (what the `bench` command codes), replayed on one thread through resolvers with caches of
// several sizes: CPU and wall ms per note on the first pass over the notes (each note new) and
// over `--passes` passes (the `bench --n 1000` cycle), and the heap the cache holds. A table or --json.
// Run: node --expose-gc --import tsx bench/resolverCache.ts [--entries 2048,8192] [--passes 5] [--notes N] [--json]
import { homedir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { extractAciBenchNotes } from '../src/cli/benchNotes'
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

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits))
}

const files = extractAciBenchNotes()
const perNote = await collectQueries(values.notes ? files.slice(0, Number(values.notes)) : files)
const passes = Math.max(1, Number(values.passes))
const rows = values.entries.split(',').map((entries) => replay(perNote, Number(entries), passes))
if (values.json) {
  process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`)
} else {
  const keys = Object.keys(rows[0] ?? {}) as (keyof CacheRow)[]
  const cells = rows.map((row) => keys.map((key) => String(row[key])))
  const widths = keys.map((key, i) => Math.max(key.length, ...cells.map((c) => c[i]?.length ?? 0)))
  const line = (items: readonly string[]) =>
    items
      .map((item, i) => item.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()
  process.stdout.write(`${[line(keys), ...cells.map(line)].join('\n')}\n`)
}
