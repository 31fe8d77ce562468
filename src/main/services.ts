// Composition root: builds the coding engine and the store from paths and options. No Electron here:
// the app, the CLI, the web bridge and the tests all start from these two factories.
import { join } from 'node:path'
import { CoderError, toErrorData } from '../shared/errors'
import type { ExportFormat, ExportResult, ModelInfo, OpenFailure, OpenResult } from '../shared/ipc'
import type { CodedNote } from './codingTask'
import { modelVersions, readModelCards } from './modelCards'
import { createNoteCoder } from './noteCoder'
import { listNotes, type PipelineMode } from './pipeline'
import { createReleaseImporter } from './releaseImporter'
import { openStore } from './store'
import { openTerminology } from './terminology'

export const ALL_SYSTEMS = ['ICD-10-CM', 'ICD-10-PCS', 'HCPCS'] as const
/** Candidates kept per chunk and system. */
export const DEFAULT_SUGGESTION_LIMIT = 5

export interface EngineOptions {
  readonly terminologyDb: string
  readonly resourcesDir: string
  readonly threads?: number
}

export interface ServicesOptions extends EngineOptions {
  readonly projectDb: string
  /** Name recorded with each decision. */
  readonly coder?: string
}

export interface CodeOptions {
  readonly systems?: readonly string[]
  readonly limit?: number
  /** Default 'fast' (BiLSTM-CRF NER); 'accurate' codes with the transformer models. */
  readonly mode?: PipelineMode
  readonly onProgress?: (path: string, done: number, total: number) => void
}

export interface CodingResult {
  readonly coded: readonly CodedNote[]
  readonly failed: readonly OpenFailure[]
}

/** The NER/resolve engine without the project database: what `code` and `bench` need. */
export function createEngine(options: EngineOptions) {
  const modelsDir = join(options.resourcesDir, 'models')
  const models: readonly ModelInfo[] = readModelCards(modelsDir)
  // Opening read-write first builds the index from resources when missing, before workers read it.
  const terminology = openTerminology({
    dbPath: options.terminologyDb,
    resourcesDir: join(options.resourcesDir, 'terminology'),
  })
  // Imports write on a thread of their own, through their own connection; `terminology` sees the
  // new release on its next call (SQLite's data_version), as the coding workers do.
  const releaseImporter = createReleaseImporter({
    terminologyDb: options.terminologyDb,
    resourcesDir: join(options.resourcesDir, 'terminology'),
  })
  const noteCoder = createNoteCoder({
    modelDir: join(modelsDir, 'ner'),
    terminologyDb: options.terminologyDb,
    resourcesDir: join(options.resourcesDir, 'terminology'),
    models: modelVersions(models),
    threads: options.threads,
  })

  /** Codes files and folders; a bad file fails alone, with its error, and the rest go on. */
  async function codePaths(paths: readonly string[], codeOptions: CodeOptions = {}) {
    const failed: OpenFailure[] = []
    const files = expandPaths(paths, failed)
    let done = 0
    const settled = await Promise.all(
      files.map(async (path) => {
        try {
          return await noteCoder.code(path, {
            systems: codeOptions.systems ?? ALL_SYSTEMS,
            limit: codeOptions.limit ?? DEFAULT_SUGGESTION_LIMIT,
            mode: codeOptions.mode ?? 'fast',
          })
        } catch (error) {
          failed.push({ path, error: toErrorData(error, `coding ${path}`) })
          return null
        } finally {
          codeOptions.onProgress?.(path, ++done, files.length)
        }
      }),
    )
    const coded = settled.filter((note): note is CodedNote => note !== null)
    return { coded, failed } satisfies CodingResult
  }

  return {
    terminology,
    noteCoder,
    models,
    codePaths,
    importReleases: releaseImporter.importReleases,
    async close() {
      await releaseImporter.close()
      await noteCoder.close()
      terminology.close()
    },
  }
}

function expandPaths(paths: readonly string[], failed: OpenFailure[]): string[] {
  return paths.flatMap((path) => {
    try {
      return listNotes([path])
    } catch (error) {
      failed.push({ path, error: toErrorData(error, `opening ${path}`) })
      return []
    }
  })
}

export type Engine = ReturnType<typeof createEngine>

/** Everything the app needs: the engine plus the project database of documents and decisions. */
export function createServices(options: ServicesOptions) {
  const store = openStore(options.projectDb)
  const engine = createEngine(options)
  const coder = options.coder ?? 'coder'

  /** Codes and stores notes; the result lists what opened and what failed, with why. */
  async function openNotes(
    paths: readonly string[],
    codeOptions: CodeOptions = {},
  ): Promise<OpenResult> {
    const { coded, failed } = await engine.codePaths(paths, codeOptions)
    const ids = new Set(
      coded.map(
        (note) =>
          store.saveCoded(note.document, {
            mode: note.mode,
            models: note.models,
            sha256: note.sha256,
          }).id,
      ),
    )
    return { opened: store.listDocuments().filter((summary) => ids.has(summary.id)), failed }
  }

  /** Writes the accepted codes of a document; `choosePath` picks the file (null: cancelled). */
  async function exportDocument(
    documentId: number,
    format: ExportFormat,
    choosePath: (defaultName: string) => Promise<string | null>,
  ): Promise<ExportResult | null> {
    const { defaultName } = store.exportSummary(documentId, format)
    const path = await choosePath(defaultName)
    return path === null ? null : store.writeExport(documentId, format, path)
  }

  return {
    ...engine,
    store,
    coder,
    openNotes,
    exportDocument,
    async close() {
      await engine.close()
      store.close()
    },
  }
}

export type Services = ReturnType<typeof createServices>

/** Maps the CLI's short system names (icd10cm) to the index's names (ICD-10-CM). */
export function parseSystems(list: string | undefined): string[] {
  if (!list) return [...ALL_SYSTEMS]
  const byKey = new Map(
    ALL_SYSTEMS.map((name) => [name.toLowerCase().replace(/[^a-z0-9]/g, ''), name]),
  )
  return list.split(',').map((item) => {
    const name = byKey.get(item.toLowerCase().replace(/[^a-z0-9]/g, ''))
    if (!name) throw new CoderError('E_SYSTEM_UNKNOWN', { system: item })
    return name
  })
}
