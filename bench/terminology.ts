// Terminology bench: import seconds, index size, search latency and resolver memory, and what each retrieval part adds (bench).
// Builds indices from the shipped code sets (resources/terminology) in a scratch folder; prints
// tables (or --json) and asserts nothing. PGR accuracy needs ../shared (or $CODER_SHARED).
// Usage: npx tsx bench/terminology.ts [--resources DIR] [--queries N] [--split dev] [--json]
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { recordTable } from '../src/cli/output'
import { percentile, round } from '../src/cli/stats'
import { evaluateNormalization } from '../src/main/evaluation'
import {
  buildIndexFromResources,
  createPlainFtsBaseline,
  openTerminology,
  readResources,
  recordWordVectors,
  writeResources,
  type Retrieval,
  type TerminologyService,
} from '../src/main/terminology'

const RETRIEVALS: readonly Retrieval[] = ['fts', 'vector', 'fused']
const DEFAULT_QUERIES = 2000

interface SpeedRow {
  retrieval: Retrieval
  queries: number
  p50_ms: number
  p95_ms: number
  max_ms: number
}

function main(): void {
  const { values } = parseArgs({
    options: {
      resources: { type: 'string' },
      queries: { type: 'string' },
      split: { type: 'string' },
      json: { type: 'boolean' },
    },
  })
  const shipped = resolve(values.resources ?? 'resources/terminology')
  const work = mkdtempSync(join(tmpdir(), 'terminology-bench-'))
  try {
    const releases = readResources(shipped)
    // ICD-10-CM alone: its shipped code set (titles, index terms, guidance) into a fresh index.
    const cm = releases.find((entry) => entry.release.system === 'ICD-10-CM')
    if (cm === undefined) throw new Error(`no ICD-10-CM release in ${shipped}`)
    const cmOnly = join(work, 'cm')
    mkdirSync(cmOnly)
    writeResources(
      cmOnly,
      [cm.release],
      new Map([
        [
          'ICD-10-CM',
          {
            terms: cm.extras.terms ?? [],
            notes: cm.extras.notes ?? [],
            sources: [],
            indexUpdate: null,
          },
        ],
      ]),
    )
    copyVectors(shipped, cmOnly)
    const cmSeconds = timed(() => buildIndexFromResources(join(work, 'cm.sqlite'), cmOnly))
    const dbPath = join(work, 'all.sqlite')
    let perSystem: Record<string, number> = {}
    const allSeconds = timed(() => {
      const reports = buildIndexFromResources(dbPath, shipped)
      perSystem = Object.fromEntries(reports.map((report) => [report.system, report.seconds]))
    })
    const indexMb = round(statSync(dbPath).size / 1024 / 1024, 2)
    const queries = sampleQueries(releases, Number(values.queries ?? DEFAULT_QUERIES))
    global.gc?.()
    const before = process.memoryUsage()
    const service = openTerminology({ dbPath, resourcesDir: shipped, readonly: true })
    try {
      const speed = RETRIEVALS.map((retrieval) => timeSearches(service, queries, retrieval))
      // The resolver's cache filled by one resolve per query, as coding a batch of notes does.
      for (const text of queries) service.resolve(text, { systems: ['ICD-10-CM'], limit: 10 })
      global.gc?.()
      const after = process.memoryUsage()
      const import_ = {
        icd10cm_import_s: round(cmSeconds, 2),
        all_systems_import_s: round(allSeconds, 2),
        systems: releases.map((entry) => entry.release.system),
        per_system_write_s: perSystem,
        index_mb: indexMb,
        resolver_rss_delta_mb: round((after.rss - before.rss) / 1024 / 1024, 2),
        resolver_heap_delta_mb: round((after.heapUsed - before.heapUsed) / 1024 / 1024, 2),
      }
      const accuracy = pgrAccuracy(service, values.split ?? 'dev')
      const result = { ...import_, search_all_systems: speed, pgr: accuracy }
      if (values.json === true) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
        return
      }
      process.stdout.write(`${recordTable([import_])}\n\n`)
      process.stdout.write(
        `search over all systems (${queries.length} index-term queries, main term + leaf):\n`,
      )
      process.stdout.write(`${recordTable(speed)}\n\n`)
      if (accuracy === null) {
        process.stdout.write('PGR: ../shared/datasets/pgr not found; accuracy skipped\n')
      } else {
        process.stdout.write(`PGR ${accuracy.split}, phenotype mention → HPO id:\n`)
        process.stdout.write(`${recordTable(accuracy.rows)}\n`)
      }
    } finally {
      service.close()
    }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

function timeSearches(
  service: TerminologyService,
  queries: readonly string[],
  retrieval: Retrieval,
): SpeedRow {
  for (const text of queries.slice(0, 50)) service.search(text, { retrieval })
  const times = queries.map((text) => {
    const started = performance.now()
    service.search(text, { retrieval })
    return performance.now() - started
  })
  times.sort((a, b) => a - b)
  return {
    retrieval,
    queries: queries.length,
    p50_ms: round(percentile(times, 0.5), 2),
    p95_ms: round(percentile(times, 0.95), 2),
    max_ms: round(times[times.length - 1] ?? 0, 2),
  }
}

// Top-1/top-5 on PGR for each retrieval, beside the plain FTS5 baseline over HPO names.
function pgrAccuracy(service: TerminologyService, split: string) {
  const shared = process.env.CODER_SHARED ?? resolve('..', 'shared')
  const dataDir = join(shared, 'datasets', 'pgr')
  if (!existsSync(dataDir)) return null
  const hpo = readResources(resolve('resources/terminology')).find(
    (entry) => entry.release.system === 'HPO',
  )
  if (hpo === undefined) return null
  const names = hpo.release.rows.map((row) => ({ code: row.code, name: row.long }))
  const baseline = createPlainFtsBaseline(names)
  try {
    const rows = RETRIEVALS.map((retrieval) => {
      const result = evaluateNormalization({
        corpus: 'pgr',
        split,
        dataDir,
        resolver: (text, limit) =>
          service
            .resolve(text, { systems: ['HPO'], limit, retrieval })
            .map((candidate) => candidate.code),
        baseline: (text, limit) => baseline.search(text, limit),
        knownCodes: new Set(names.map((entry) => entry.code)),
      })
      return {
        ranker: `resolver ${retrieval}`,
        top1: result.top1,
        top5: result.top5,
        n: result.n,
        baseline: result.baseline,
      }
    })
    const first = rows[0]
    return {
      split,
      rows: [
        ...(first === undefined
          ? []
          : [
              {
                ranker: 'plain FTS5 names (bm25)',
                top1: first.baseline.top1,
                top5: first.baseline.top5,
                n: first.baseline.n,
              },
            ]),
        ...rows.map(({ ranker, top1, top5, n }) => ({ ranker, top1, top5, n })),
      ],
    }
  } finally {
    baseline.close()
  }
}

// Index-term paths as a coder's chunk would say them: the main term and the last level.
function sampleQueries(releases: ReturnType<typeof readResources>, count: number): string[] {
  const terms = releases.find((entry) => entry.release.system === 'ICD-10-CM')?.extras.terms ?? []
  const step = Math.max(1, Math.floor(terms.length / count))
  const queries: string[] = []
  for (let index = 0; index < terms.length && queries.length < count; index += step) {
    const levels = (terms[index]?.text ?? '').split(' > ')
    queries.push((levels.length <= 2 ? levels : [levels[0], levels[levels.length - 1]]).join(' '))
  }
  return queries
}

// The shipped word vectors, recorded in another resources folder's manifest.
function copyVectors(from: string, to: string): void {
  const file = readManifestWordVectorsFile(from)
  if (file === null) return
  copyFileSync(join(from, file), join(to, file))
  recordWordVectors(to, file)
}

function readManifestWordVectorsFile(dir: string): string | null {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    wordVectors?: { file: string }
  }
  return manifest.wordVectors?.file ?? null
}

function timed(run: () => void): number {
  const started = performance.now()
  run()
  return (performance.now() - started) / 1000
}

main()
