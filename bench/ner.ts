// NER speed bench (bench layer): one note analyzed again and again on one thread (ONNX with one
// intra-op thread), after warm-up, once per NER model (the BiLSTM-CRF, the clinical transformer,
// the literature transformer); times the NER step alone and the whole analysis; a table or --json.
// Run: npx tsx bench/ner.ts [--model DIR [--head NAME]] [--note FILE] [--n 50] [--warmup 5] [--json]
import { basename } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { createPipeline, loadNerStep, readNote, splitSentences } from '../src/main/pipeline'
import type { Analysis, StepTimings } from '../src/main/pipeline'
import { recordTable } from '../src/cli/output'
import { percentile, round } from '../src/cli/stats'

/** A model folder, the head it is timed with, and the BiLSTM-CRF it is averaged with (accurate mode). */
interface BenchModel {
  readonly dir: string
  readonly head?: string
  readonly blend?: string
}

const modelDir = (name: string): string =>
  fileURLToPath(new URL(`../resources/models/${name}`, import.meta.url))

/** The shipped NER models, each with the head it is timed with (the heads share one encoder). */
const MODELS: readonly BenchModel[] = [
  { dir: modelDir('ner') },
  { dir: modelDir('ner-transformer'), head: 'maccrobat' },
  // What accurate mode runs: the clinical transformer averaged with the BiLSTM-CRF (nerBlend.ts).
  { dir: modelDir('ner-transformer'), head: 'maccrobat', blend: modelDir('ner') },
  { dir: modelDir('ner-literature'), head: 'bc5cdr' },
]

interface NerBenchRow {
  model: string
  head: string
  note: string
  words: number
  tokens: number
  runs: number
  /** The NER step alone (encode, ONNX, Viterbi): what the ≤ 15 ms budget is about. */
  ner_p50_ms: number
  ner_p95_ms: number
  /**
   * CPU milliseconds of the NER step run alone on the segmented note (all threads of the
   * process): what it costs when the machine is shared, where wall time also counts waiting.
   */
  ner_cpu_p50_ms: number
  ner_cpu_p95_ms: number
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
    model: { type: 'string' },
    head: { type: 'string' },
    note: {
      type: 'string',
      default: fileURLToPath(new URL('../test/fixtures/pipeline/note-430.txt', import.meta.url)),
    },
    n: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '5' },
    json: { type: 'boolean', default: false },
  },
})

/** Times `runs` analyses of one note with one NER model after `warmup` untimed ones. */
async function measure(model: BenchModel, runs: number, warmup: number): Promise<NerBenchRow> {
  const document = readNote(values.note)
  const pipeline = await createPipeline({
    modelDir: model.dir,
    ...(model.head ? { nerHead: model.head } : {}),
    ...(model.blend ? { nerBlendDir: model.blend } : {}),
  })
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
  const nerCpu = await measureNerCpu(model, document, runs, warmup)
  const meanMs = times.reduce((sum, t) => sum + t, 0) / times.length
  const nerMeanMs = nerTimes.reduce((sum, t) => sum + t, 0) / nerTimes.length
  return {
    model: basename(model.dir) + (model.blend ? `+${basename(model.blend)}` : ''),
    head: model.head ?? '-',
    note: document.id,
    words: document.text.split(/\s+/).filter(Boolean).length,
    tokens,
    runs,
    ner_p50_ms: round(percentile(nerTimes, 0.5), 1),
    ner_p95_ms: round(percentile(nerTimes, 0.95), 1),
    ner_cpu_p50_ms: round(percentile(nerCpu, 0.5), 1),
    ner_cpu_p95_ms: round(percentile(nerCpu, 0.95), 1),
    p50_ms: round(percentile(times, 0.5), 1),
    p95_ms: round(percentile(times, 0.95), 1),
    mean_ms: round(meanMs, 1),
    ner_tokens_per_s: Math.round((tokens * 1000) / nerMeanMs),
    notes_per_s: round(1000 / meanMs, 1),
    threads: 1,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  }
}

/** CPU milliseconds of each of `runs` NER-step runs on the note's sentences, after `warmup`. */
async function measureNerCpu(
  model: BenchModel,
  document: Analysis['document'],
  runs: number,
  warmup: number,
): Promise<number[]> {
  const { step } = await loadNerStep(model.dir, model.head, model.blend)
  const segmented: Analysis = {
    document,
    sentences: splitSentences(document.text),
    chunks: [],
    pairs: [],
    relations: [],
    enriched: [],
  }
  for (let i = 0; i < warmup; i++) await step.run(segmented)
  const cpu: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = process.cpuUsage()
    await step.run(segmented)
    const used = process.cpuUsage(started)
    cpu.push((used.user + used.system) / 1000)
  }
  return cpu
}

const models = values.model
  ? [{ dir: values.model, ...(values.head ? { head: values.head } : {}) }]
  : MODELS
const rows: NerBenchRow[] = []
for (const model of models) rows.push(await measure(model, Number(values.n), Number(values.warmup)))
const json = Object.fromEntries(rows.map((row) => [row.model, row]))
process.stdout.write(`${values.json ? JSON.stringify(json, null, 2) : recordTable(rows)}\n`)
