// NER batching bench (bench layer): what one ONNX call of each NER model costs by batch size and
// padded length (CPU ms on one thread, fitted to the linear cost model of paddedBatches.ts), and
// the model-call time of whole notes under the old fixed-size batches against planBatches' plan,
// the two run alternately in one process (medians). Tables to stdout, or --json.
// Run: npx tsx bench/nerBatching.ts [--note FILE]... [--rounds 25] [--json]
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { Tensor } from 'onnxruntime-node'
import { recordTable } from '../src/cli/output'
import { percentile, round } from '../src/cli/stats'
import { readNote, splitSentences } from '../src/main/pipeline'
import { runModel } from '../src/main/pipeline/ner'
import { bodySentences } from '../src/main/pipeline/nerChunks'
import { loadNerModel } from '../src/main/pipeline/nerModel'
import {
  linearBatchCost,
  planBatches,
  type BatchCost,
  type LinearBatchCost,
} from '../src/main/pipeline/paddedBatches'
import { runHead, tokenWindows, windowInput } from '../src/main/pipeline/transformerNer'
import { loadTransformerNerModel } from '../src/main/pipeline/transformerNerModel'

const modelDir = (name: string) =>
  fileURLToPath(new URL(`../resources/models/${name}`, import.meta.url))

const { values } = parseArgs({
  options: {
    note: {
      type: 'string',
      multiple: true,
      default: [fileURLToPath(new URL('../test/fixtures/pipeline/note-430.txt', import.meta.url))],
    },
    rounds: { type: 'string', default: '25' },
    json: { type: 'boolean', default: false },
  },
})
const rounds = Number(values.rounds)

/** One model as the bench drives it: a call on sequences of given lengths, and a note's sequences. */
interface BenchModel {
  readonly name: string
  readonly lengths: readonly number[]
  /** Runs one call on `count` sequences of `longest` dummy ids (for the grid). */
  readonly runDummy: (count: number, longest: number) => Promise<unknown>
  /** The note's sequences (sentences or windows) and a call on a group of them. */
  readonly sequences: (path: string) => {
    lengths: number[]
    run: (group: number[]) => Promise<unknown>
  }
  /** The cost terms the model has (an LSTM walks positions; attention grows with length²). */
  readonly terms: readonly CostTerm[]
  /** The batches the step made before planBatches: fixed-size runs of the length-sorted sequences. */
  readonly fixedPlan: (lengths: readonly number[]) => number[][]
}

async function bilstm(): Promise<BenchModel> {
  const model = await loadNerModel(modelDir('ner'))
  return {
    name: 'ner (BiLSTM-CRF)',
    lengths: [5, 10, 20, 40],
    runDummy: (count, longest) =>
      model.session.run({
        words: new Tensor('int64', new BigInt64Array(count * longest).fill(5n), [count, longest]),
        chars: new Tensor('int64', new BigInt64Array(count * longest * model.maxChars).fill(3n), [
          count,
          longest,
          model.maxChars,
        ]),
      }),
    sequences: (path) => {
      const document = readNote(path)
      const tokens = bodySentences(splitSentences(document.text), document.sections)
        .filter((sentence) => sentence.tokens.length > 0)
        .map((sentence) => sentence.tokens.map((t) => document.text.slice(t.start, t.end)))
      return {
        lengths: tokens.map((list) => list.length),
        run: (group) =>
          runModel(
            model,
            group.map((i) => tokens[i] ?? []),
          ),
      }
    },
    terms: ['perCall', 'perSlot', 'perPosition'],
    fixedPlan: (lengths) => fixedRuns(lengths, 32, Infinity),
  }
}

async function transformer(): Promise<BenchModel> {
  const model = await loadTransformerNerModel(modelDir('ner-transformer'))
  const head = model.heads.get('maccrobat') ?? [...model.heads.values()][0]
  if (!head) throw new Error(`${model.dir} has no head`)
  return {
    name: `ner-transformer (${head.name})`,
    lengths: [8, 16, 24, 40],
    runDummy: (count, longest) =>
      model.session.run({
        input_ids: new Tensor('int64', new BigInt64Array(count * longest).fill(5n), [
          count,
          longest,
        ]),
        attention_mask: new Tensor('int64', new BigInt64Array(count * longest).fill(1n), [
          count,
          longest,
        ]),
      }),
    sequences: (path) => {
      const document = readNote(path)
      const inputs = bodySentences(splitSentences(document.text), document.sections).flatMap(
        (sentence) => {
          const pieces = sentence.tokens.map((t) =>
            model.wordPiece.tokenIds(document.text.slice(t.start, t.end)),
          )
          return tokenWindows(
            pieces.map((p) => p.length),
            model.maxPieces,
          ).map((w) => windowInput(pieces.slice(w.first, w.end), model.maxPieces, model.ids))
        },
      )
      return {
        lengths: inputs.map((input) => input.ids.length),
        run: (group) =>
          runHead(
            model,
            head,
            group.flatMap((i) => inputs[i] ?? []),
          ),
      }
    },
    terms: ['perCall', 'perSlot', 'perSlotPosition'],
    fixedPlan: (lengths) => fixedRuns(lengths, 16, 4096),
  }
}

/** Length-sorted runs of at most `maxCount` sequences and `maxSlots` padded slots. */
function fixedRuns(lengths: readonly number[], maxCount: number, maxSlots: number): number[][] {
  const order = lengths.map((_, i) => i).sort((a, b) => (lengths[a] ?? 0) - (lengths[b] ?? 0))
  const runs: number[][] = []
  let current: number[] = []
  for (const i of order) {
    const padded = (current.length + 1) * (lengths[i] ?? 0)
    if (current.length > 0 && (current.length >= maxCount || padded > maxSlots)) {
      runs.push(current)
      current = []
    }
    current.push(i)
  }
  if (current.length > 0) runs.push(current)
  return runs
}

/** CPU ms of one call for each (count, longest) of the grid, medians over `rounds` interleaved passes. */
async function measureGrid(
  model: BenchModel,
): Promise<{ count: number; longest: number; ms: number }[]> {
  const cells = [1, 2, 4, 8, 16, 32].flatMap((count) =>
    model.lengths.map((longest) => ({ count, longest, samples: [] as number[] })),
  )
  for (let round = -1; round < Math.max(3, Math.floor(rounds / 2)); round++) {
    for (const cell of cells) {
      const repeats = Math.max(1, Math.round(256 / (cell.count * cell.longest)))
      const started = process.cpuUsage()
      for (let r = 0; r < repeats; r++) await model.runDummy(cell.count, cell.longest)
      const used = process.cpuUsage(started)
      if (round >= 0) cell.samples.push((used.user + used.system) / 1000 / repeats)
    }
  }
  return cells.map(({ count, longest, samples }) => ({
    count,
    longest,
    ms: percentile(samples, 0.5),
  }))
}

type CostTerm = keyof LinearBatchCost
const TERM_OF: Record<CostTerm, (count: number, longest: number) => number> = {
  perCall: () => 1,
  perSlot: (count, longest) => count * longest,
  perPosition: (_, longest) => longest,
  perSlotPosition: (count, longest) => count * longest * longest,
}

/**
 * Least-squares fit (relative error) of the model's cost terms to the grid; a term fitted
 * negative (noise, or a term the model does not have) is dropped and the rest fitted again.
 */
function fitCost(
  grid: readonly { count: number; longest: number; ms: number }[],
  terms: readonly CostTerm[],
): LinearBatchCost {
  // Rows weighted by 1/ms: relative error, so the small calls that real notes make fit as well as the big ones.
  const solved = solveLeastSquares(
    grid.map(({ count, longest, ms }) => terms.map((term) => TERM_OF[term](count, longest) / ms)),
    grid.map(() => 1),
  )
  const negative = terms.findIndex((term, i) => term !== 'perCall' && (solved[i] ?? 0) < 0)
  if (negative >= 0)
    return fitCost(
      grid,
      terms.filter((_, i) => i !== negative),
    )
  const cost: LinearBatchCost = { perCall: 0, perSlot: 0 }
  return Object.fromEntries([
    ...Object.entries(cost),
    ...terms.map((term, i) => [term, round(solved[i] ?? 0, 6)]),
  ]) as unknown as LinearBatchCost
}

/** x minimizing |Ax - b|² by Gauss-Jordan elimination on AᵀA x = Aᵀb. */
function solveLeastSquares(a: readonly (readonly number[])[], b: readonly number[]): number[] {
  const size = a[0]?.length ?? 0
  const m = Array.from({ length: size }, (_, i) =>
    Array.from({ length: size + 1 }, (_, j) =>
      a.reduce((sum, row, k) => sum + (row[i] ?? 0) * (j < size ? (row[j] ?? 0) : (b[k] ?? 0)), 0),
    ),
  )
  for (let col = 0; col < size; col++) {
    const pivot = m[col]?.[col] ?? 1
    m.forEach((row, r) => {
      if (r === col) return
      const factor = (row[col] ?? 0) / pivot
      for (let c = col; c <= size; c++) row[c] = (row[c] ?? 0) - factor * (m[col]?.[c] ?? 0)
    })
  }
  return m.map((row, i) => (row[size] ?? 0) / (row[i] ?? 1))
}

interface PlanRow {
  model: string
  note: string
  sequences: number
  plan: string
  calls: number
  padded_slots: number
  cpu_ms_p50: number
  wall_ms_p50: number
}

/** Model-call time of each note under the fixed and the planned batches, alternately. */
async function comparePlans(model: BenchModel, cost: BatchCost): Promise<PlanRow[]> {
  const rows: PlanRow[] = []
  for (const path of values.note) {
    const { lengths, run } = model.sequences(path)
    const plans = {
      fixed: model.fixedPlan(lengths),
      planned: planBatches(lengths, cost, { maxCount: 64, maxSlots: 4096 }),
    }
    const samples = {
      fixed: { cpu: [] as number[], wall: [] as number[] },
      planned: { cpu: [] as number[], wall: [] as number[] },
    }
    for (let r = -2; r < rounds; r++) {
      for (const name of ['fixed', 'planned'] as const) {
        const cpu = process.cpuUsage()
        const started = performance.now()
        for (const group of plans[name]) await run(group)
        const wall = performance.now() - started
        const used = process.cpuUsage(cpu)
        if (r < 0) continue
        samples[name].cpu.push((used.user + used.system) / 1000)
        samples[name].wall.push(wall)
      }
    }
    for (const name of ['fixed', 'planned'] as const) {
      const plan = plans[name]
      rows.push({
        model: model.name,
        note: path.split('/').pop() ?? path,
        sequences: lengths.length,
        plan: name,
        calls: plan.length,
        padded_slots: plan.reduce(
          (sum, group) => sum + group.length * Math.max(...group.map((i) => lengths[i] ?? 0)),
          0,
        ),
        cpu_ms_p50: round(percentile(samples[name].cpu, 0.5), 2),
        wall_ms_p50: round(percentile(samples[name].wall, 0.5), 2),
      })
    }
  }
  return rows
}

// Sessions are single-threaded (openOnnxSession), as in the product's workers.
const fits: { model: string; cost: LinearBatchCost }[] = []
const planRows: PlanRow[] = []
for (const model of [await bilstm(), await transformer()]) {
  const cost = fitCost(await measureGrid(model), model.terms)
  fits.push({ model: model.name, cost })
  planRows.push(...(await comparePlans(model, linearBatchCost(cost))))
}
if (values.json) {
  process.stdout.write(`${JSON.stringify({ fits, plans: planRows }, null, 2)}\n`)
} else {
  const fitRows = fits.map(({ model, cost }) => ({ model, ...cost }))
  process.stdout.write(
    `cost of one call, CPU ms (fit over batch 1..32 × length):\n${recordTable(fitRows)}\n\n` +
      `model calls of a whole note, fixed batches vs planBatches:\n${recordTable(planRows)}\n`,
  )
}
