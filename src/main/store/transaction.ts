// The store's transaction helper (store layer): every change is one transaction, all or nothing.
import type { Database } from 'better-sqlite3'

/**
 * Runs `work` inside one write transaction, taking the write lock up front (BEGIN IMMEDIATE) so a
 * read-then-write never fails half way on a lock held by another process. Nested calls become
 * savepoints. A throw rolls everything back and is rethrown.
 */
export function inTransaction<T>(db: Database, work: () => T): T {
  return db.transaction(work).immediate()
}
