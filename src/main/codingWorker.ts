// Worker-thread entry: holds the NER sessions (one per mode used) and one read-only terminology
// connection per thread.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { workerData } from 'piscina'
import { toErrorData } from '../shared/errors'
import type { CodedDocument } from '../shared/domain'
import type { CodingOutcome, CodingTask, CodingWorkerConfig } from './codingTask'
import { suggestCodes } from './codeSuggestions'
import { createPipeline, readNote } from './pipeline'
import type { Pipeline, PipelineMode, StepTimings } from './pipeline'
import { openTerminology } from './terminology'

const config = workerData as CodingWorkerConfig
const pipelines = new Map<PipelineMode, Promise<Pipeline>>()
// Loading the fast pipeline at start-up, not on the first note, keeps the first note's latency
// low; the accurate one loads on its first note, so a session that never asks for it never pays.
pipelineFor('fast').catch(() => undefined)
const terminology = openTerminology({
  dbPath: config.terminologyDb,
  resourcesDir: config.resourcesDir,
  readonly: true,
})

/** The mode's pipeline, built once per thread; a failed build is retried on the next note. */
function pipelineFor(mode: PipelineMode): Promise<Pipeline> {
  const cached = pipelines.get(mode)
  if (cached) return cached
  const built = createPipeline({ modelDir: config.modelDir, mode })
  pipelines.set(mode, built)
  built.catch(() => pipelines.delete(mode))
  return built
}

/** Codes one note file: import → pipeline → resolve. Errors come back as data. */
export default async function codeNoteTask(task: CodingTask): Promise<CodingOutcome> {
  const startedAt = performance.now()
  try {
    const pipeline = await pipelineFor(task.mode)
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
    const value = { document, mode: task.mode, sha256, models: config.models, elapsedMs, stepMs }
    return { ok: true, value }
  } catch (error) {
    return { ok: false, error: toErrorData(error, `coding ${task.path}`) }
  }
}
