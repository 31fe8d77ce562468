// Index-term retrieval benchmark: hold out 20% of the shipped ICD-10-CM index terms, query with them (bench).
// Compares the description-only index (v1 baseline) with descriptions + the other 80% of index terms,
// and on the latter what each retrieval adds: full-text alone, vectors alone, both fused (issue 4).
// Usage: npx tsx bench/indexTermRetrieval.ts [--resources DIR] [--max N] [--seed S] [--json]
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { table } from '../src/cli/output'
import { percentile, round } from '../src/cli/stats'
import type { CodeCandidate } from '../src/shared/domain'
import { seededRandom } from '../src/shared/seededRandom'
import {
  buildIndexFromResources,
  openTerminology,
  readResources,
  recordWordVectors,
  writeResources,
  type IndexTerm,
  type Retrieval,
  type ResourceExtras,
} from '../src/main/terminology'

const HELD_OUT_SHARE = 0.2
const TOP_K = 5

interface Row {
  index: string
  retrieval: Retrieval
  query: string
  queries: number
  top1: number
  top5: number
  p50_ms: number
  p95_ms: number
  build_s: number
  index_mb: number
}

function main(): void {
  const { values } = parseArgs({
    options: {
      resources: { type: 'string' },
      max: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean' },
    },
  })
  const shipped = resolve(values.resources ?? 'resources/terminology')
  const seed = Number(values.seed ?? 20260401)
  const cm = readResources(shipped).find((entry) => entry.release.system === 'ICD-10-CM')
  if (cm === undefined) throw new Error(`no ICD-10-CM release in ${shipped}`)
  const random = seededRandom(seed) // the held-out set is the same on every run
  const held: IndexTerm[] = []
  const kept: IndexTerm[] = []
  for (const term of cm.extras.terms ?? []) (random() < HELD_OUT_SHARE ? held : kept).push(term)
  const max = Number(values.max ?? held.length)
  const queries = shuffled(held, random).slice(0, max)
  const work = mkdtempSync(join(tmpdir(), 'index-term-bench-'))
  try {
    const notes = cm.extras.notes ?? []
    const variants: [string, ResourceExtras | null, readonly Retrieval[]][] = [
      ['descriptions only (v1)', null, ['fts']],
      [
        '+ 80% index terms, synonyms',
        { terms: kept, notes, sources: [], indexUpdate: null },
        ['fts', 'vector', 'fused'],
      ],
    ]
    const rows = variants.flatMap(([name, extras, retrievals], index) =>
      measure(work, `v${index}`, name, cm.release, extras, queries, shipped, retrievals),
    )
    const perKind = kindsOf(queries).map((kind) => {
      const subset = queries.filter((term) => term.kind === kind)
      return { kind, queries: subset.length }
    })
    if (values.json === true) {
      process.stdout.write(
        `${JSON.stringify({ seed, heldOut: held.length, rows, perKind }, null, 2)}\n`,
      )
      return
    }
    process.stdout.write(
      `ICD-10-CM index terms: ${cm.extras.terms?.length ?? 0}; held out ${held.length} ` +
        `(seed ${seed}), queried ${queries.length}\n\n`,
    )
    printTable(rows)
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

function measure(
  work: string,
  folder: string,
  name: string,
  release: Parameters<typeof writeResources>[1][number],
  extras: ResourceExtras | null,
  queries: readonly IndexTerm[],
  shipped: string,
  retrievals: readonly Retrieval[],
): Measured[] {
  const resources = join(work, folder)
  mkdirSync(resources)
  writeResources(
    resources,
    [release],
    extras === null ? new Map() : new Map([[release.system, extras]]),
  )
  copyWordVectors(shipped, resources)
  const dbPath = join(work, `${folder}.sqlite`)
  const started = performance.now()
  buildIndexFromResources(dbPath, resources)
  const buildSeconds = (performance.now() - started) / 1000
  const service = openTerminology({ dbPath, resourcesDir: resources, readonly: true })
  const sizeMb = round(statSync(dbPath).size / 1024 / 1024, 2)
  try {
    return retrievals.flatMap((retrieval) =>
      QUERY_FORMS.map(([form, toQuery]) => {
        const scored = score(service, queries, toQuery, retrieval)
        return {
          index: name,
          retrieval,
          query: form,
          ...scored,
          build_s: round(buildSeconds, 2),
          index_mb: sizeMb,
        }
      }),
    )
  } finally {
    service.close()
  }
}

type Measured = Row & { byKind: Record<string, { n: number; top1: number; top5: number }> }

// Full path ("Pain (s) joint knee"), and main term + last level ("Pain (s) knee"), closer to a note's chunk.
const QUERY_FORMS: readonly [string, (levels: readonly string[]) => string][] = [
  ['full path', (levels) => levels.join(' ')],
  [
    'main + leaf',
    (levels) => (levels.length <= 2 ? levels : [levels[0], levels[levels.length - 1]]).join(' '),
  ],
]

function score(
  service: ReturnType<typeof openTerminology>,
  queries: readonly IndexTerm[],
  toQuery: (levels: readonly string[]) => string,
  retrieval: Retrieval,
) {
  const times: number[] = []
  let top1 = 0
  let top5 = 0
  const byKind: Record<string, { n: number; top1: number; top5: number }> = {}
  {
    for (const term of queries) {
      const text = toQuery(term.text.split(' > '))
      const t0 = performance.now()
      const candidates = service.resolve(text, {
        systems: ['ICD-10-CM'],
        limit: TOP_K,
        retrieval,
      })
      times.push(performance.now() - t0)
      const rank = candidates.findIndex((candidate) => leadsTo(candidate, term.code))
      const kind = (byKind[term.kind] ??= { n: 0, top1: 0, top5: 0 })
      kind.n++
      if (rank === 0) {
        top1++
        kind.top1++
      }
      if (rank >= 0) {
        top5++
        kind.top5++
      }
    }
  }
  times.sort((a, b) => a - b)
  const n = Math.max(1, queries.length)
  const fraction = (value: number) => round(value / n, 3)
  for (const kind of Object.values(byKind)) {
    kind.top1 = round(kind.top1 / kind.n, 3)
    kind.top5 = round(kind.top5 / kind.n, 3)
  }
  return {
    queries: queries.length,
    top1: fraction(top1),
    top5: fraction(top5),
    p50_ms: round(percentile(times, 0.5), 2),
    p95_ms: round(percentile(times, 0.95), 2),
    byKind,
  }
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items]
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1))
    ;[copy[index], copy[other]] = [copy[other] as T, copy[index] as T]
  }
  return copy
}

// An index code ending in "-" needs more characters: any code below it counts as reaching it.
function leadsTo(candidate: CodeCandidate, target: string): boolean {
  const stem = target.replace(/-$/, '')
  if (candidate.code === stem) return true
  return target.endsWith('-') && candidate.code.replace('.', '').startsWith(stem.replace('.', ''))
}

function printTable(rows: readonly Measured[]): void {
  const header = [
    'index',
    'retrieval',
    'query',
    'queries',
    'top1',
    'top5',
    'p50_ms',
    'p95_ms',
    'build_s',
    'index_mb',
  ]
  const lines = [header, ...rows.map((row) => header.map((key) => String(row[key as keyof Row])))]
  process.stdout.write(`${table(lines)}\n`)
  const order = rows.map((row) => `${row.index}, ${row.retrieval}, ${row.query}`).join(' | ')
  process.stdout.write(`\nper kind, top1 / top5 (${order}):\n`)
  const kinds = Object.keys(rows[0]?.byKind ?? {})
  for (const kind of kinds) {
    const cells = rows.map((row) => {
      const entry = row.byKind[kind]
      return `${entry?.top1 ?? 0} / ${entry?.top5 ?? 0}`
    })
    process.stdout.write(
      `  ${kind.padEnd(10)} n=${rows[0]?.byKind[kind]?.n ?? 0}  ${cells.join(' | ')}\n`,
    )
  }
}

// The shipped word vectors, so the scratch index has a vector table as the app's does.
function copyWordVectors(shipped: string, resources: string): void {
  const manifest = JSON.parse(readFileSync(join(shipped, 'manifest.json'), 'utf8')) as {
    wordVectors?: { file: string }
  }
  const file = manifest.wordVectors?.file
  if (file === undefined) return
  copyFileSync(join(shipped, file), join(resources, file))
  recordWordVectors(resources, file)
}

function kindsOf(terms: readonly IndexTerm[]): string[] {
  return [...new Set(terms.map((term) => term.kind))]
}

main()
