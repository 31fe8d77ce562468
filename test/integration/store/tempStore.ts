// Test helpers: a project database in a fresh temp folder, and a second raw connection to it for
// looking at rows the store's API does not show.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { openStore, type Store } from '../../../src/main/store'

export interface TempStore {
  readonly dir: string
  readonly dbPath: string
  readonly store: Store
  /** A separate connection, as another process would have. */
  readonly raw: Database.Database
  dispose(): void
}

export function createTempStore(): TempStore {
  const dir = mkdtempSync(join(tmpdir(), 'cc-store-'))
  const dbPath = join(dir, 'project.db')
  const store = openStore(dbPath)
  const raw = new Database(dbPath)
  return {
    dir,
    dbPath,
    store,
    raw,
    dispose() {
      raw.close()
      store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Row count of a table, read through the raw connection. */
export function countRows(raw: Database.Database, table: string): number {
  return raw.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number
}
