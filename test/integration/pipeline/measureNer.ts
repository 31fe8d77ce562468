// Speed check of the NER step on one thread: p50/p95 ms per note (default: the 430-word fixture).
// Run: npx tsx test/integration/pipeline/measureNer.ts [--model DIR] [--note FILE] [--n 50]
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { createPipeline, readNote } from '../../../src/main/pipeline'
import { tagSentences } from '../../../src/main/pipeline/ner'
import { loadNerModel } from '../../../src/main/pipeline/nerModel'
import { splitSentences } from '../../../src/main/pipeline/segment'

const { values } = parseArgs({
  options: {
    model: {
      type: 'string',
      default: fileURLToPath(new URL('../../../resources/models/ner', import.meta.url)),
    },
    note: {
      type: 'string',
      default: fileURLToPath(new URL('../../fixtures/pipeline/note-430.txt', import.meta.url)),
    },
    n: { type: 'string', default: '50' },
  },
})
const runs = Number(values.n)
const document = readNote(values.note)
const model = await loadNerModel(values.model)
const pipeline = await createPipeline({ modelDir: values.model })
const sentences = splitSentences(document.text)

async function timeMs(run: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 5; i++) await run()
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint()
    await run()
    times.push(Number(process.hrtime.bigint() - start) / 1e6)
  }
  return times.sort((a, b) => a - b)
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN
const ner = await timeMs(() => tagSentences(model, document.text, sentences))
const whole = await timeMs(() => pipeline.analyze(document))
const words = document.text.split(/\s+/).filter(Boolean).length
console.log(
  `note ${document.id}: ${words} words, ${sentences.length} sentences, ${sentences.reduce((n, s) => n + s.tokens.length, 0)} tokens; model ${values.model}; ${runs} runs`,
)
console.log(
  `NER (encode + ONNX + Viterbi): p50 ${percentile(ner, 0.5).toFixed(1)} ms, p95 ${percentile(ner, 0.95).toFixed(1)} ms`,
)
console.log(
  `analyze (segment + NER + assert): p50 ${percentile(whole, 0.5).toFixed(1)} ms, p95 ${percentile(whole, 0.95).toFixed(1)} ms`,
)
