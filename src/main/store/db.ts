// Opening the project database (store layer): checks the file is ours, sets the connection's
// pragmas and brings the schema up to date; every failure becomes one E_DATABASE error.
import BetterSqlite3 from 'better-sqlite3'
import type { Database } from 'better-sqlite3'
import { CoderError } from '../../shared/errors'
import { APPLICATION_ID, SCHEMA_VERSION, migrate, schemaVersion } from './migrations'

/** How long a write waits for another process (CLI and app may share one file) before failing. */
const BUSY_TIMEOUT_MS = 5000

/** What SQLite's result codes mean to a coder choosing a database file. */
const REASONS: Readonly<Record<string, string>> = {
  SQLITE_NOTADB: 'the file is not a SQLite database',
  SQLITE_CANTOPEN: 'the file cannot be created or opened there',
  SQLITE_READONLY: 'the file or its folder is read-only',
  SQLITE_READONLY_DBMOVED: 'the file was moved or deleted while open',
  SQLITE_BUSY: 'another program holds it locked',
  SQLITE_CORRUPT: 'the file is damaged',
  SQLITE_FULL: 'the disk is full',
  SQLITE_IOERR: 'the disk could not be read or written',
  SQLITE_PERM: 'permission denied',
}

/** Wraps anything thrown by SQLite into E_DATABASE for `path`; CoderErrors pass through unchanged. */
export function databaseError(path: string, error: unknown): CoderError {
  if (error instanceof CoderError) return error
  return new CoderError('E_DATABASE', { path, reason: reasonOf(error) })
}

function reasonOf(error: unknown): string {
  if (error instanceof BetterSqlite3.SqliteError) {
    const base = error.code.replace(/^(SQLITE_[A-Z]+?)_.*$/, '$1')
    return REASONS[error.code] ?? REASONS[base] ?? error.message
  }
  if (error instanceof Error) return error.message.replace(/^Cannot open database because /, '')
  return String(error)
}

/** Opens (creating if absent) and migrates the project database at `path`; throws E_DATABASE. */
export function openDatabase(path: string): Database {
  let db: Database | undefined
  try {
    db = new BetterSqlite3(path)
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
    checkOwnership(path, db)
    configure(db)
    migrate(db)
    return db
  } catch (error) {
    db?.close()
    throw databaseError(path, error)
  }
}

/** Refuses files of another app or of a newer version, before anything is written to them. */
function checkOwnership(path: string, db: Database): void {
  const version = schemaVersion(db)
  const appId = db.pragma('application_id', { simple: true }) as number
  const tables = db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get() as number
  const isFresh = version === 0 && appId === 0 && tables === 0
  if (!isFresh && appId !== APPLICATION_ID) {
    throw new CoderError('E_DATABASE', {
      path,
      reason: 'it is a SQLite database of another kind, not a Clinical Coder project',
    })
  }
  if (version > SCHEMA_VERSION) {
    throw new CoderError('E_DATABASE', {
      path,
      reason: `it was written by a newer Clinical Coder (schema ${version}; this one reads up to ${SCHEMA_VERSION}), so update the app`,
    })
  }
}

function configure(db: Database): void {
  // WAL lets the app read while the CLI writes; FULL sync keeps every committed decision on disk.
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
}
