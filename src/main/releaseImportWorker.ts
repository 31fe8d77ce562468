// Worker-thread entry: imports release files into the terminology index off the main thread, so the
// app stays responsive and its progress events reach the page while SQLite writes (main layer).
import { parentPort, workerData } from 'node:worker_threads'
import { toErrorData } from '../shared/errors'
import { findReleaseFiles, openTerminology, type ImportReport } from './terminology'
import type { ReleaseImportConfig, ReleaseImportMessage } from './releaseImportTask'

const config = workerData as ReleaseImportConfig

function post(message: ReleaseImportMessage): void {
  parentPort?.postMessage(message)
}

/** Imports each file found under the path in order; each file is one transaction of its own. */
async function importAll(): Promise<readonly ImportReport[]> {
  const files = findReleaseFiles(config.path)
  const terminology = openTerminology({
    dbPath: config.terminologyDb,
    resourcesDir: config.resourcesDir,
  })
  try {
    const reports: ImportReport[] = []
    for (const [index, path] of files.entries()) {
      reports.push(
        await terminology.importFile(path, {
          system: config.system,
          onProgress: (progress) =>
            post({
              kind: 'progress',
              progress: { ...progress, path, file: index + 1, files: files.length },
            }),
        }),
      )
    }
    return reports
  } finally {
    terminology.close()
  }
}

importAll().then(
  (reports) => post({ kind: 'done', reports }),
  (error: unknown) => post({ kind: 'failed', error: toErrorData(error, 'the release import') }),
)
