import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CoderError } from '../../../src/shared/errors'
import { SCHEMA_VERSION, openStore } from '../../../src/main/store'
import { APPLICATION_ID, MIGRATIONS, migrate } from '../../../src/main/store/migrations'
import { META, codedNote } from '../../unit/main/store/codedNote'
import { countRows } from './tempStore'

let dir: string
let dbPath: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-migrate-'))
  dbPath = join(dir, 'project.db')
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** The CoderError that opening `path` throws. */
function openError(path: string): CoderError {
  try {
    openStore(path).close()
  } catch (error) {
    if (error instanceof CoderError) return error
    throw error
  }
  throw new Error(`openStore(${path}) did not fail`)
}

describe('schema migrations', () => {
  it('creates every table from zero, stamps the version and turns on WAL', () => {
    openStore(dbPath).close()
    const raw = new Database(dbPath)
    const tables = raw
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
      .pluck()
      .all()
    expect(tables).toEqual([
      'audit',
      'chunks',
      'decisions',
      'documents',
      'enriched',
      'relations',
      'runs',
      'suggestions',
    ])
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    expect(raw.pragma('application_id', { simple: true })).toBe(APPLICATION_ID)
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal')
    raw.close()
  })

  it('re-opens an existing file without re-running migrations or losing rows', () => {
    const first = openStore(dbPath)
    const saved = first.saveCoded(codedNote(), META)
    first.close()
    const again = openStore(dbPath)
    expect(again.getDocument(saved.id)).toEqual(saved)
    again.close()
    const raw = new Database(dbPath)
    expect(migrate(raw)).toEqual([])
    expect(countRows(raw, 'documents')).toBe(1)
    raw.close()
  })

  it('links decisions to suggestions by foreign key', () => {
    openStore(dbPath).close()
    const raw = new Database(dbPath)
    raw.pragma('foreign_keys = ON')
    const insert = raw.prepare(
      "INSERT INTO decisions (suggestion_id, action, coder, at) VALUES (999, 'accept', 'ana', 'now')",
    )
    expect(() => insert.run()).toThrow(/FOREIGN KEY/)
    raw.close()
  })

  it('applies a failing migration not at all: the version and schema stay as they were', () => {
    const raw = new Database(dbPath)
    const broken = [
      ...MIGRATIONS,
      {
        version: 99,
        name: 'broken',
        sql: 'CREATE TABLE half (x); INSERT INTO nowhere VALUES (1);',
      },
    ]
    expect(() => migrate(raw, broken)).toThrow(/no such table: nowhere/)
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    const half = raw.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'half'").pluck()
    expect(half.get()).toBe(0)
    raw.close()
  })
})

describe('opening a file that cannot be used', () => {
  it('refuses a file that is not a database', () => {
    writeFileSync(dbPath, 'HPI: not a database, just a note that was saved with the wrong name.\n')
    const error = openError(dbPath)
    expect(error.code).toBe('E_DATABASE')
    expect(error.message).toBe(
      `The project database ${dbPath} cannot be used: the file is not a SQLite database. Choose another path with --db.`,
    )
  })

  it('refuses a SQLite database of another kind', () => {
    const other = new Database(dbPath)
    other.exec('CREATE TABLE codes (code TEXT)')
    other.close()
    expect(openError(dbPath).message).toContain('of another kind, not a Clinical Coder project')
  })

  it('refuses a file written by a newer schema and leaves it untouched', () => {
    openStore(dbPath).close()
    const raw = new Database(dbPath)
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
    raw.close()
    const error = openError(dbPath)
    expect(error.code).toBe('E_DATABASE')
    expect(error.message).toContain(`newer Clinical Coder (schema ${SCHEMA_VERSION + 1}`)
    const after = new Database(dbPath)
    expect(after.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1)
    after.close()
  })

  it('refuses a path that cannot be created', () => {
    writeFileSync(join(dir, 'a-file'), 'x')
    expect(openError(join(dir, 'a-file', 'project.db')).code).toBe('E_DATABASE')
    const missing = openError(join(dir, 'no-such-folder', 'project.db'))
    expect(missing.message).toContain('the directory does not exist')
  })
})
