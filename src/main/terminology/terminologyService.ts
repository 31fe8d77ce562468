// The terminology service: opens (building when needed) the index and serves search, resolve, list, import (terminology layer).
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'
import type { CodeCandidate, TerminologyRelease } from '../../shared/domain'
import { CoderError } from '../../shared/errors'
import { writeRelease, type ImportReport } from './importer'
import { openIndexDb, peekIndex, type IndexDb } from './indexDb'
import { parseOrderFile } from './orderFile'
import { readManifest, readResourceRelease } from './resources'
import { createResolver, type ResolveOptions } from './resolver'
import { createSearcher, type SearchOptions } from './search'
import { SCHEMA_VERSION, SQL, type ReleaseRecord } from './statements'

export interface TerminologyOptions {
  /** The index file; created from `resourcesDir` when missing or older than the shipped code sets. */
  readonly dbPath: string
  /** resources/terminology: manifest.json and the compact code sets. */
  readonly resourcesDir: string
  /** Worker threads open read-only: no build, no schema work; the index must exist. */
  readonly readonly?: boolean
}

/** A release as recorded in the index (TerminologyRelease plus its header count and source SHA-256). */
export type TerminologyReleaseRecord = TerminologyRelease &
  Pick<ReleaseRecord, 'headers' | 'sha256'>

export interface TerminologyService {
  /** Ranked candidates for free text or a code, best first; scores in [0, 1]. */
  search(text: string, options?: SearchOptions): CodeCandidate[]
  /** The pipeline's entry: the same ranking over `systems`, merged by score, cached. */
  resolve(chunkText: string, options: ResolveOptions): CodeCandidate[]
  /** The releases present, one per system. */
  list(): TerminologyReleaseRecord[]
  /** Imports an official order file (plain or gzip); replaces that system's codes in one transaction. */
  importRelease(path: string, options?: { system?: string }): ImportReport
  close(): void
}

const RESOURCES_KEY = 'resourcesManifestSha256'

/** Opens the terminology index at `dbPath`; read-write opens build it from the shipped code sets when needed. */
export function openTerminology(options: TerminologyOptions): TerminologyService {
  const readonly = options.readonly === true
  if (readonly && !existsSync(options.dbPath)) {
    const reason =
      'the terminology index is not built yet; open it read-write once (e.g. `terminology list`)'
    throw new CoderError('E_DATABASE', { path: options.dbPath, reason })
  }
  if (!readonly) {
    mkdirSync(dirname(options.dbPath), { recursive: true })
    ensureBuilt(options.dbPath, options.resourcesDir)
  }
  const db = openIndexDb(options.dbPath, readonly ? 'read' : 'write')
  const searcher = createSearcher(db)
  const resolver = createResolver(searcher)
  const listReleases = db.prepare<[], ReleaseRecord>(SQL.listReleases)
  const dataVersion = db.prepare<[], number>(SQL.dataVersion).pluck()
  let seenVersion = dataVersion.get()
  // Another connection (the app's writer, seen from a worker) may have imported a release since the
  // caches were filled; SQLite's data_version says so for a few microseconds.
  const forgetIfChanged = (): void => {
    const version = dataVersion.get()
    if (version === seenVersion) return
    seenVersion = version
    searcher.reset()
    resolver.clear()
  }
  return {
    search(text, searchOptions) {
      forgetIfChanged()
      return searcher.search(text, searchOptions)
    },
    resolve(chunkText, resolveOptions) {
      forgetIfChanged()
      return resolver.resolve(chunkText, resolveOptions)
    },
    list: () => listReleases.all(),
    importRelease(path, importOptions = {}) {
      if (readonly) {
        throw new CoderError('E_DATABASE', {
          path: options.dbPath,
          reason: 'it was opened read-only',
        })
      }
      const startedAtMs = performance.now()
      const release = parseOrderFile(path, importOptions.system)
      const report = writeRelease(db, release, startedAtMs)
      searcher.reset()
      resolver.clear()
      return report
    },
    close: () => db.close(),
  }
}

/** Builds the index from the shipped code sets into a temporary file, then renames it into place. */
export function buildIndexFromResources(dbPath: string, resourcesDir: string): ImportReport[] {
  const found = readManifest(resourcesDir)
  if (found === null) {
    throw new CoderError('E_FILE_NOT_FOUND', { path: `${resourcesDir}/manifest.json` })
  }
  const temporary = `${dbPath}.build-${process.pid}-${Date.now()}`
  let db: IndexDb | null = null
  try {
    db = openIndexDb(temporary, 'build')
    const built = db
    const reports = found.manifest.systems.map((entry) =>
      writeRelease(built, readResourceRelease(resourcesDir, entry), performance.now()),
    )
    built.prepare(SQL.setMeta).run(RESOURCES_KEY, found.sha256)
    // Readers open it in WAL mode beside the app's writer; the mode is recorded in the file.
    built.pragma('journal_mode = WAL')
    built.close()
    db = null
    // A -wal or -shm left by the replaced file must not be applied to the new one.
    for (const suffix of ['-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true })
    renameSync(temporary, dbPath)
    return reports
  } finally {
    db?.close()
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${temporary}${suffix}`, { force: true })
  }
}

// Rebuilds when the index is missing, has another schema, or was built from other shipped code sets.
function ensureBuilt(dbPath: string, resourcesDir: string): void {
  const found = readManifest(resourcesDir)
  const state = existsSync(dbPath) ? peekIndex(dbPath, RESOURCES_KEY) : null
  if (found === null) {
    // Nothing shipped to rebuild from: an index of another schema cannot be used or replaced.
    if (state !== null && state.version !== 0 && state.version !== SCHEMA_VERSION) {
      const reason = `it was built by another version of the app (schema ${state.version}); delete it and import the releases again`
      throw new CoderError('E_DATABASE', { path: dbPath, reason })
    }
    return
  }
  if (state?.version === SCHEMA_VERSION && state.meta === found.sha256) return
  buildIndexFromResources(dbPath, resourcesDir)
}
