// NER speed bench (bench layer): one note analyzed again and again on one thread (ONNX with one
// intra-op thread), after warm-up; times the NER step alone and the whole analysis; a table or --json.
// Run: npx tsx bench/ner.ts [--model DIR] [--note FILE] [--n 50] [--warmup 5] [--json]
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { createPipeline, readNote } from '../src/main/pipeline'
import type { StepTimings } from '../src/main/pipeline'

interface NerBenchRow {
  note: string
  words: number
  tokens: number
  runs: number
  /** The NER step alone (encode, ONNX, Viterbi): what the ≤ 15 ms budget is about. */
  ner_p50_ms: number
  ner_p95_ms: number
  /** The whole analysis (segment, NER, assertion, pair, relate, enrich). */
  p50_ms: number
  p95_ms: number
  mean_ms: number
  ner_tokens_per_s: number
  notes_per_s: number
  threads: number
  peak_rss_mb: number
}

const { values } = parseArgs({
  options: {
    model: {
      type: 'string',
      default: fileURLToPath(new URL('../resources/models/ner', import.meta.url)),
    },
    note: {
      type: 'string',
      default: fileURLToPath(new URL('../test/fixtures/pipeline/note-430.txt', import.meta.url)),
    },
    n: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '5' },
    json: { type: 'boolean', default: false },
  },
})

/** Times `runs` analyses of one note after `warmup` untimed ones. */
async function measure(runs: number, warmup: number): Promise<NerBenchRow> {
  const document = readNote(values.note)
  const pipeline = await createPipeline({ modelDir: values.model })
  let tokens = 0
  for (let i = 0; i < warmup; i++) {
    const analysis = await pipeline.analyze(document)
    tokens = analysis.sentences.reduce((n, sentence) => n + sentence.tokens.length, 0)
  }
  const times: number[] = []
  const nerTimes: number[] = []
  for (let i = 0; i < runs; i++) {
    const steps: StepTimings = {}
    const started = performance.now()
    await pipeline.analyze(document, steps)
    times.push(performance.now() - started)
    nerTimes.push(steps.ner ?? 0)
  }
  const meanMs = times.reduce((sum, t) => sum + t, 0) / times.length
  const nerMeanMs = nerTimes.reduce((sum, t) => sum + t, 0) / nerTimes.length
  return {
    note: document.id,
    words: document.text.split(/\s+/).filter(Boolean).length,
    tokens,
    runs,
    ner_p50_ms: round(percentile(nerTimes, 0.5), 1),
    ner_p95_ms: round(percentile(nerTimes, 0.95), 1),
    p50_ms: round(percentile(times, 0.5), 1),
    p95_ms: round(percentile(times, 0.95), 1),
    mean_ms: round(meanMs, 1),
    ner_tokens_per_s: Math.round((tokens * 1000) / nerMeanMs),
    notes_per_s: round(1000 / meanMs, 1),
    threads: 1,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  }
}

function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits))
}

function renderTable(row: NerBenchRow): string {
  const keys = Object.keys(row) as (keyof NerBenchRow)[]
  const cells = keys.map((key) => String(row[key]))
  const widths = keys.map((key, i) => Math.max(key.length, cells[i]?.length ?? 0))
  const line = (items: readonly string[]) =>
    items
      .map((item, i) => item.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()
  return `${line(keys)}\n${line(cells)}`
}

const row = await measure(Number(values.n), Number(values.warmup))
process.stdout.write(`${values.json ? JSON.stringify({ ner: row }, null, 2) : renderTable(row)}\n`)
