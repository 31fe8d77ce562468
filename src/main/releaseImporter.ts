// Release imports on a worker thread, one at a time: the main thread only relays progress and the
// result, so the window (and the web bridge) keep answering while SQLite writes (main layer).
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker, type WorkerOptions } from 'node:worker_threads'
import { CoderError, fromErrorData } from '../shared/errors'
import type { ImportReport } from './terminology'
import type {
  ReleaseImportConfig,
  ReleaseImportMessage,
  ReleaseImportProgress,
} from './releaseImportTask'

export interface ReleaseImporterOptions {
  readonly terminologyDb: string
  readonly resourcesDir: string
}

export interface ReleaseImportOptions {
  readonly system?: string
  readonly onProgress?: (progress: ReleaseImportProgress) => void
}

export interface ReleaseImporter {
  /**
   * Imports a release file or a folder of them; resolves with one report per file, or rejects with
   * the first file's CoderError (that file's transaction is rolled back; files before it stay).
   * A second call waits for the first to finish: the index has one writer.
   */
  importReleases(path: string, options?: ReleaseImportOptions): Promise<ImportReport[]>
  /** Stops an import under way (its transaction is rolled back) and refuses new ones. */
  close(): Promise<void>
}

/**
 * Starts the worker: the built .js next to this module in the app; under tsx or vitest the .ts
 * source, through a bootstrap that registers tsx first (Node 20 applies a worker's `--import`
 * hooks too late for its entry module, so the option alone is not enough).
 */
function startWorker(workerData: ReleaseImportConfig): Worker {
  const built = new URL('./releaseImportWorker.js', import.meta.url)
  if (existsSync(fileURLToPath(built))) return new Worker(built, { workerData })
  const source = new URL('./releaseImportWorker.ts', import.meta.url).href
  const tsx = import.meta.resolve('tsx/esm/api')
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}) })`
  const options: WorkerOptions = { workerData, eval: true, execArgv: [] }
  return new Worker(bootstrap, options)
}

/** Creates the importer; each import starts a thread that ends with it. */
export function createReleaseImporter(options: ReleaseImporterOptions): ReleaseImporter {
  let queue: Promise<unknown> = Promise.resolve()
  let running: Worker | null = null
  let isClosed = false

  const runOne = (config: ReleaseImportConfig, onProgress: ReleaseImportOptions['onProgress']) =>
    new Promise<ImportReport[]>((resolve, reject) => {
      if (isClosed) {
        reject(closedError())
        return
      }
      const worker = startWorker(config)
      running = worker
      let settled = false
      const settle = (finish: () => void): void => {
        if (settled) return
        settled = true
        running = null
        finish()
        void worker.terminate()
      }
      worker.on('message', (message: ReleaseImportMessage) => {
        if (message.kind === 'progress') onProgress?.(message.progress)
        else if (message.kind === 'done') settle(() => resolve([...message.reports]))
        else settle(() => reject(fromErrorData(message.error)))
      })
      worker.once('error', (error) => settle(() => reject(internalError(error.message))))
      worker.once('exit', (code) =>
        settle(() =>
          reject(isClosed ? closedError() : internalError(`its thread exited (${code})`)),
        ),
      )
    })

  return {
    importReleases(path, importOptions = {}) {
      const config: ReleaseImportConfig = {
        terminologyDb: options.terminologyDb,
        resourcesDir: options.resourcesDir,
        path,
        ...(importOptions.system === undefined ? {} : { system: importOptions.system }),
      }
      const next = queue.then(() => runOne(config, importOptions.onProgress))
      queue = next.catch(() => undefined)
      return next
    },
    async close() {
      isClosed = true
      await running?.terminate()
    },
  }
}

function internalError(reason: string): CoderError {
  return new CoderError('E_INTERNAL', { where: 'the release import', reason })
}

function closedError(): CoderError {
  return internalError('the app is closing; import the release again after it restarts')
}
