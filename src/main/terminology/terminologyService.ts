// The terminology service: opens (building when needed) the index and serves search, resolve, list, import (terminology layer).
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import type { CodeCandidate, TerminologyRelease } from '../../shared/domain'
import { CoderError } from '../../shared/errors'
import { readCustomCsv } from './customCsv'
import { readHcpcsWorkbook } from './hcpcsFile'
import { readHpoJson } from './hpoFile'
import { readLoincCsv } from './loincCsv'
import { readRxnorm } from './rxnormRrf'
import { readSnomedSnapshot } from './snomedRf2'
import { writeRelease, type ImportReport, type ReleaseExtras } from './importer'
import { throttleProgress, type ImportProgressListener } from './importProgress'
import { openIndexDb, peekIndex, type IndexDb } from './indexDb'
import { findIndexSources, readIndexSources } from './indexSources'
import { parseOrderFile, type ParsedRelease } from './orderFile'
import {
  readManifest,
  readResourceExtras,
  readResourceRelease,
  readResourceWordVectors,
} from './resources'
import { releaseFileKind } from './releaseKinds'
import { diffReleases, type ReleaseDiff } from './releaseDiff'
import { createResolver, type ResolveOptions } from './resolver'
import { createSearcher, type SearchOptions } from './search'
import { SCHEMA_VERSION, SQL, type ReleaseRecord } from './statements'
import { ICD10CM, requireCustomSystemName, systemKey } from './systems'

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
  Pick<ReleaseRecord, 'headers' | 'sha256' | 'indexTerms' | 'isCurrent'>

export type { ReleaseFileKind } from './releaseKinds'
export { releaseFileKind }

/** A system's current release against the earlier release kept beside it. */
export interface SystemDiff {
  readonly system: string
  readonly release: string
  readonly diff: ReleaseDiff
}

export interface ImportOptions {
  /** The system a custom CSV is imported as (required for one), or which built-in system a file is. */
  readonly system?: string
  /** Hears how far the import has got, a few times a second at most (see importProgress.ts). */
  readonly onProgress?: ImportProgressListener
}

export interface TerminologyService {
  /** Ranked candidates for free text or a code, best first; scores in [0, 1]. */
  search(text: string, options?: SearchOptions): CodeCandidate[]
  /** The pipeline's entry: the same ranking over `systems`, merged by score, cached. */
  resolve(chunkText: string, options: ResolveOptions): CodeCandidate[]
  /** The releases present: each system's current one, then any earlier ones kept (isCurrent false). */
  list(): TerminologyReleaseRecord[]
  /**
   * Imports an official order file (plain or gzip; for ICD-10-CM with the index and note files found
   * beside it), HPO's hp.json(.gz), a SNOMED CT RF2 Snapshot (its concept file), RxNorm's
   * RXNCONSO.RRF (with RXNREL/RXNSAT beside it), LOINC's Loinc.csv, or a custom CSV (`system`
   * required); replaces that system's codes in one transaction.
   */
  importRelease(path: string, options?: ImportOptions): ImportReport
  /** Like importRelease, and also reads the HCPCS Level II workbook (.xlsx). */
  importFile(path: string, options?: ImportOptions): Promise<ImportReport>
  /** The text definition of a code (HPO, SNOMED CT), or null when the release gave none. */
  definition(system: string, code: string): string | null
  /** Deletes an earlier release kept after a newer import; the current release cannot be dropped. */
  drop(system: string, release: string): void
  /**
   * The current release of `system` against the release current before it, recomputed from the
   * kept copy (so it outlives a restart); null when no earlier release is kept (none, or dropped).
   */
  releaseDiff(system: string): SystemDiff | null
  close(): void
}

const RESOURCES_KEY = 'resourcesManifestSha256'

// The licensed formats: each gives a release and its synonyms as index terms.
const READERS = {
  snomed: readSnomedSnapshot,
  rxnorm: readRxnorm,
  loinc: readLoincCsv,
} as const

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
  // The shipped word vectors embed queries, and the code titles of releases imported later.
  const vectors = readResourceWordVectors(options.resourcesDir)
  const searcher = createSearcher(db, vectors)
  const resolver = createResolver(searcher)
  const listReleases = db.prepare<[], Omit<ReleaseRecord, 'isCurrent'> & { isCurrent: number }>(
    SQL.listReleases,
  )
  const requireWritable = (): void => {
    if (readonly) {
      throw new CoderError('E_DATABASE', {
        path: options.dbPath,
        reason: 'it was opened read-only',
      })
    }
  }
  // A custom system keeps the spelling it was first imported with.
  const customName = (name: string): string => {
    const checked = requireCustomSystemName(name)
    const existing = listReleases.all().find((row) => systemKey(row.system) === systemKey(checked))
    return existing?.system ?? checked
  }
  const readReleaseFile = (
    path: string,
    system: string | undefined,
  ): { release: ParsedRelease; extras: ReleaseExtras } => {
    const kind = releaseFileKind(path)
    if (kind === 'csv') {
      if (system === undefined) throw new CoderError('E_RELEASE_UNKNOWN', { path })
      return { release: readCustomCsv(path, customName(system)), extras: {} }
    }
    if (kind === 'hpo') {
      const { release, terms, definitions } = readHpoJson(path)
      return { release, extras: { terms, definitions } }
    }
    if (kind === 'snomed' || kind === 'rxnorm' || kind === 'loinc') {
      const { release, terms } = READERS[kind](path)
      return { release, extras: { terms } }
    }
    const release = parseOrderFile(path, system)
    return { release, extras: indexExtrasOf(path, release) }
  }
  const write = (
    { release, extras }: { release: ParsedRelease; extras: ReleaseExtras },
    startedAtMs: number,
    onProgress?: ImportProgressListener,
  ): ImportReport => {
    const report = writeRelease(db, release, startedAtMs, extras, onProgress, vectors)
    searcher.reset()
    resolver.clear()
    return report
  }
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
    list: () => listReleases.all().map((row) => ({ ...row, isCurrent: Boolean(row.isCurrent) })),
    importRelease(path, importOptions = {}) {
      requireWritable()
      const startedAtMs = performance.now()
      const reading = startReading(path, importOptions.onProgress)
      const read = readReleaseFile(path, importOptions.system)
      return write(read, startedAtMs, reading.done())
    },
    async importFile(path, importOptions = {}) {
      requireWritable()
      const startedAtMs = performance.now()
      const reading = startReading(path, importOptions.onProgress)
      if (releaseFileKind(path) !== 'hcpcs') {
        const read = readReleaseFile(path, importOptions.system)
        return write(read, startedAtMs, reading.done())
      }
      const { release } = await readHcpcsWorkbook(path)
      return write({ release, extras: {} }, startedAtMs, reading.done())
    },
    definition(system, code) {
      const name = searcher.systemName(system)
      try {
        return db.prepare<[string, string], string>(SQL.definition).pluck().get(name, code) ?? null
      } catch {
        // A read-only index written before definitions were kept has no such table: none to show.
        return null
      }
    },
    drop(system, release) {
      requireWritable()
      const name = searcher.systemName(system)
      const row = db
        .prepare<[string, string], { current: number }>(SQL.releaseRow)
        .get(name, release)
      if (row === undefined || row.current === 1) {
        const reason =
          row === undefined
            ? `${name} has no release ${release} (see \`terminology list\`)`
            : `${release} is the current ${name} release; import another release first`
        throw new CoderError('E_OPTION', { reason })
      }
      db.transaction(() => {
        db.prepare(SQL.deleteRelease).run(name, release)
        db.prepare(SQL.deleteArchivedCodes).run(name, release)
      })()
    },
    releaseDiff(system) {
      const name = searcher.systemName(system)
      const pluck = (sql: string) => db.prepare<[string], string>(sql).pluck().get(name)
      const current = pluck(SQL.currentRelease)
      const previous = pluck(SQL.latestKeptRelease)
      if (current === undefined || previous === undefined) return null
      const descriptions = (rows: readonly { code: string; description: string }[]) =>
        new Map(rows.map((row) => [row.code, row.description]))
      const before = db
        .prepare<[string, string], { code: string; description: string }>(SQL.archivedCodes)
        .all(name, previous)
      const after = db
        .prepare<[string], { code: string; description: string }>(SQL.systemCodes)
        .all(name)
      const diff = diffReleases(previous, descriptions(before), descriptions(after))
      return { system: name, release: current, diff }
    },
    close: () => db.close(),
  }
}

// The read phase in bytes of the file given: the readers take a file whole, so it reports its start
// and its end; `done` returns the throttled listener for the phases after it (undefined: none).
function startReading(
  path: string,
  listener: ImportProgressListener | undefined,
): { done: () => ImportProgressListener | undefined } {
  if (listener === undefined) return { done: () => undefined }
  const onProgress = throttleProgress(listener)
  let bytes = 0
  try {
    bytes = statSync(path).size
  } catch {
    // A missing file: the reader reports it, naming the path.
  }
  onProgress({ phase: 'read', done: 0, total: bytes })
  return {
    done: () => {
      onProgress({ phase: 'read', done: bytes, total: bytes })
      return onProgress
    },
  }
}

// An ICD-10-CM order file brings the index and note files found beside it; other systems none.
function indexExtrasOf(path: string, release: ParsedRelease): ReleaseExtras {
  if (release.system !== ICD10CM) return {}
  const sources = findIndexSources(path)
  if (Object.keys(sources).length === 0) return {}
  const content = readIndexSources(sources, release)
  return { terms: content.terms, notes: content.notes }
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
    const vectors = readResourceWordVectors(resourcesDir)
    const reports = found.manifest.systems.map((entry) =>
      writeRelease(
        built,
        readResourceRelease(resourcesDir, entry),
        performance.now(),
        readResourceExtras(resourcesDir, entry),
        undefined,
        vectors,
      ),
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
