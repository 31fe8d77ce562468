// The terminology index's SQLite connection: open, pragmas, schema, and the one transaction helper (terminology layer).
import Database from 'better-sqlite3'
import { getLoadablePath } from 'sqlite-vec'
import { CoderError } from '../../shared/errors'
import { SCHEMA, SCHEMA_VERSION, SQL } from './statements'

export type IndexDb = Database.Database

// Connections on which sqlite-vec (the vector index's vec0 tables) loaded.
const withVectors = new WeakSet<IndexDb>()

/**
 * True when the connection can read and write vector tables. sqlite-vec ships as a loadable
 * extension per platform (an optional npm dependency); where it is missing, search is full-text only.
 */
export function hasVectorSearch(db: IndexDb): boolean {
  return withVectors.has(db)
}

const MMAP_BYTES = 256 * 1024 * 1024
const CACHE_KIB = 16 * 1024
const BUILD_CACHE_KIB = 256 * 1024

/**
 * How a connection is used: `read` (workers; no schema work), `write` (WAL, the app's connection)
 * or `build` (a temporary file filled once: no journal, no syncs; it is renamed into place after).
 */
export type IndexMode = 'read' | 'write' | 'build'

/** Opens (creating unless `read`) the index. */
export function openIndexDb(path: string, mode: IndexMode): IndexDb {
  const readonly = mode === 'read'
  let db: IndexDb
  try {
    db = new Database(path, { readonly, fileMustExist: readonly })
  } catch (error) {
    throw new CoderError('E_DATABASE', { path, reason: reasonOf(error) })
  }
  try {
    db.loadExtension(getLoadablePath())
    withVectors.add(db)
  } catch {
    // No sqlite-vec build for this platform, or its package was not installed: full-text only.
  }
  try {
    // The index is read far more than written: map it into memory instead of read() per page.
    db.pragma(`mmap_size = ${MMAP_BYTES}`)
    // A build inserts codes in title-length order, i.e. randomly into the (system, code) index.
    db.pragma(`cache_size = -${mode === 'build' ? BUILD_CACHE_KIB : CACHE_KIB}`)
    if (readonly) {
      checkSchemaVersion(db, path)
      return db
    }
    db.pragma(mode === 'build' ? 'journal_mode = OFF' : 'journal_mode = WAL')
    db.pragma(mode === 'build' ? 'synchronous = OFF' : 'synchronous = NORMAL')
    db.exec(SCHEMA)
    db.pragma(`user_version = ${SCHEMA_VERSION}`)
    return db
  } catch (error) {
    db.close()
    if (error instanceof CoderError) throw error
    throw new CoderError('E_DATABASE', { path, reason: reasonOf(error) })
  }
}

/** The schema version a file was written with (0 for an empty or foreign file). */
export function schemaVersionOf(db: IndexDb): number {
  return Number(db.pragma('user_version', { simple: true }))
}

/** Schema version and one meta value of an existing index, or null when the file is not a usable index. */
export function peekIndex(
  path: string,
  metaKey: string,
): { version: number; meta: string | null } | null {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true })
    try {
      const version = schemaVersionOf(db)
      const row = db.prepare<[string], { value: string }>(SQL.getMeta).get(metaKey)
      return { version, meta: row?.value ?? null }
    } finally {
      db.close()
    }
  } catch {
    return null
  }
}

function checkSchemaVersion(db: IndexDb, path: string): void {
  const version = schemaVersionOf(db)
  if (version !== SCHEMA_VERSION) {
    const reason = `its terminology schema is version ${version}, not ${SCHEMA_VERSION}; open it once read-write to rebuild it`
    throw new CoderError('E_DATABASE', { path, reason })
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
