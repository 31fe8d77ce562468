// Worker-thread entry: holds one NER session and one read-only terminology connection per thread.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { workerData } from 'piscina'
import { toErrorData } from '../shared/errors'
import type { CodedDocument } from '../shared/domain'
import type { CodingOutcome, CodingTask, CodingWorkerConfig } from './codingTask'
import { suggestCodes } from './codeSuggestions'
import { createPipeline, readNote } from './pipeline'
import type { StepTimings } from './pipeline'
import { openTerminology } from './terminology'

const config = workerData as CodingWorkerConfig
// Loading at start-up, not on the first note, keeps the first note's latency low.
const pipelineReady = createPipeline({ modelDir: config.modelDir })
const terminology = openTerminology({
  dbPath: config.terminologyDb,
  resourcesDir: config.resourcesDir,
  readonly: true,
})
pipelineReady.catch(() => undefined)

/** Codes one note file: import → pipeline → resolve. Errors come back as data. */
export default async function codeNoteTask(task: CodingTask): Promise<CodingOutcome> {
  const startedAt = performance.now()
  try {
    const pipeline = await pipelineReady
    const stepMs: StepTimings = {}
    const importStartedAt = performance.now()
    const note = readNote(task.path)
    stepMs.import = performance.now() - importStartedAt
    const analyzed = await pipeline.analyze(note, stepMs)
    const resolveStartedAt = performance.now()
    const suggestions = suggestCodes(analyzed.chunks, terminology, task, analyzed.enriched)
    stepMs.resolve = performance.now() - resolveStartedAt
    const document: CodedDocument = {
      ...note,
      chunks: analyzed.chunks,
      relations: analyzed.relations,
      enriched: analyzed.enriched,
      suggestions,
    }
    const sha256 = createHash('sha256').update(readFileSync(task.path)).digest('hex')
    const elapsedMs = performance.now() - startedAt
    return { ok: true, value: { document, sha256, models: config.models, elapsedMs, stepMs } }
  } catch (error) {
    return { ok: false, error: toErrorData(error, `coding ${task.path}`) }
  }
}
