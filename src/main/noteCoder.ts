// The coding worker pool (piscina): codes note files on worker threads, never on the caller's thread.
import { availableParallelism } from 'node:os'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Piscina } from 'piscina'
import { fromErrorData } from '../shared/errors'
import type { CodedNote, CodingOutcome, CodingTask, CodingWorkerConfig } from './codingTask'
import type { PipelineMode } from './pipeline'

export interface NoteCoderOptions extends CodingWorkerConfig {
  readonly threads?: number
}

export interface NoteCoder {
  /** Codes one note file (mode default 'fast'); rejects with a CoderError for bad input. */
  code(
    path: string,
    options: { systems: readonly string[]; limit: number; mode?: PipelineMode },
  ): Promise<CodedNote>
  readonly threads: number
  close(): Promise<void>
}

/** The worker file: the built .js next to this module in the app, the .ts source under tsx/vitest. */
function workerFile(): { filename: string; execArgv: string[] } {
  const built = fileURLToPath(new URL('./codingWorker.js', import.meta.url))
  if (existsSync(built)) return { filename: built, execArgv: [] }
  const source = fileURLToPath(new URL('./codingWorker.ts', import.meta.url))
  const hasTsx = process.execArgv.some((arg) => arg.includes('tsx'))
  return { filename: source, execArgv: hasTsx ? [] : ['--import', 'tsx'] }
}

/** Starts the pool; threads default to the machine's cores (at most 4: each holds a model). */
export function createNoteCoder(options: NoteCoderOptions): NoteCoder {
  const threads = Math.max(1, options.threads ?? Math.min(4, availableParallelism()))
  const { filename, execArgv } = workerFile()
  const config: CodingWorkerConfig = {
    modelDir: options.modelDir,
    terminologyDb: options.terminologyDb,
    resourcesDir: options.resourcesDir,
    models: options.models,
  }
  const pool = new Piscina({
    filename,
    workerData: config,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: Number.POSITIVE_INFINITY,
    execArgv: [...process.execArgv, ...execArgv],
  })
  return {
    threads,
    async code(path, { systems, limit, mode = 'fast' }) {
      const task: CodingTask = { path, systems, limit, mode }
      const outcome = (await pool.run(task)) as CodingOutcome
      if (outcome.ok) return outcome.value
      throw fromErrorData(outcome.error)
    },
    close: () => pool.destroy(),
  }
}
