// Integration: importing HPO's hp.json into a real index: synonyms found, definitions kept, bad files refused.
import Database from 'better-sqlite3'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  findReleaseFiles,
  openTerminology,
  type TerminologyService,
} from '../../../src/main/terminology'

const FIXTURES = resolve('test/fixtures/terminology')
const HP = join(FIXTURES, 'hpo', 'hp.json')
const CM = join(FIXTURES, 'icd10cm_order_2026.txt')
const SHARED = resolve(process.env.CODER_SHARED ?? '../shared')
const REAL_HP = join(SHARED, 'terminology', 'hpo', 'hp.json.gz')

let dir: string
let dbPath: string
let service: TerminologyService

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hpo-'))
  dbPath = join(dir, 'terminology.sqlite')
  service = openTerminology({ dbPath, resourcesDir: join(dir, 'no-resources') })
})

afterEach(() => {
  service.close()
  rmSync(dir, { recursive: true, force: true })
})

function snapshot(): unknown {
  const db = new Database(dbPath, { readonly: true })
  try {
    return ['codes', 'index_terms', 'releases', 'definitions', 'term_docs'].map((table) =>
      db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2, 3`).all(),
    )
  } finally {
    db.close()
  }
}

describe('HPO import', () => {
  it('imports hp.json as system HPO, recording release, version and counts', () => {
    const report = service.importRelease(HP)
    expect(report).toMatchObject({
      system: 'HPO',
      release: '2023-01-27',
      version: '2023-01-27',
      codes: 10,
      headers: 0,
      indexTerms: 17,
    })
    expect(service.list()).toEqual([
      expect.objectContaining({ system: 'HPO', source: 'hp.json', codes: 10, isCurrent: true }),
    ])
  })

  it('finds terms by name and by synonym, with their is-a ancestors', () => {
    service.importRelease(HP)
    const [acidemia] = service.search('lactic acidemia', { system: 'HPO' })
    expect(acidemia).toMatchObject({ code: 'HP:0003128', description: 'Lactic acidosis' })
    expect(acidemia?.via?.[0]).toEqual({ kind: 'synonym', text: 'Lactic acidemia' })
    expect(service.search('cancer', { system: 'hpo' })[0]?.code).toBe('HP:0002664')
    const [delay] = service.resolve('developmental delay', { systems: ['HPO'], limit: 3 })
    expect(delay?.code).toBe('HP:0001263')
    expect(delay?.parents).toEqual(['HP:0000707', 'HP:0000118', 'HP:0000001'])
    // Broad synonyms name another concept: "Abnormal movement" does not lead to Seizure.
    expect(service.search('abnormal movement', { system: 'HPO' }).map((c) => c.code)).not.toContain(
      'HP:0001250',
    )
  })

  it('keeps definitions, shown on request', () => {
    service.importRelease(HP)
    expect(service.definition('HPO', 'HP:0001250')).toMatch(/^A seizure is/)
    expect(service.definition('hpo', 'HP:0000707')).toBeNull()
  })

  it('is idempotent and leaves the other systems alone', () => {
    service.importRelease(CM)
    service.importRelease(HP)
    const before = snapshot()
    service.importRelease(HP)
    expect(stripTimes(snapshot())).toEqual(stripTimes(before))
    expect(service.search('pain in left knee', { system: 'ICD-10-CM' })[0]?.code).toBe('M25.562')
  })

  it('refuses a bad hp.json naming file and line, and leaves the index as it was', () => {
    service.importRelease(HP)
    const before = snapshot()
    for (const name of ['hp-nolabel.json', 'hp-truncated.txt']) {
      expect(() => service.importRelease(join(FIXTURES, 'broken', name))).toThrow(
        expect.objectContaining({
          code: 'E_RELEASE_MALFORMED',
          message: expect.stringContaining(name),
        }),
      )
    }
    expect(snapshot()).toEqual(before)
  })

  it('finds hp.json in a folder, and detects it by content under another name', async () => {
    const folder = join(dir, 'release', 'hpo')
    mkdirSync(folder, { recursive: true })
    copyFileSync(HP, join(folder, 'hp.json'))
    expect(findReleaseFiles(join(dir, 'release'))).toEqual([join(folder, 'hp.json')])
    const renamed = join(dir, 'phenotypes-2023.txt')
    copyFileSync(HP, renamed)
    await expect(service.importFile(renamed)).resolves.toMatchObject({ system: 'HPO', codes: 10 })
  })

  it.skipIf(!existsSync(REAL_HP))(
    'imports the real HPO 2023-01-27 release (skipped without ../shared)',
    () => {
      const report = service.importRelease(REAL_HP)
      expect(report).toMatchObject({ system: 'HPO', release: '2023-01-27', codes: 16_874 })
      expect(report.indexTerms).toBeGreaterThan(19_000)
      expect(service.search('seizures', { system: 'HPO' })[0]?.code).toBe('HP:0001250')
    },
  )
})

// Row ids are assigned afresh (after the other systems' rows) and imported_at is the time of the
// import: nothing else may differ between two imports of the same file.
const FRESH = new Set(['id', 'first_id', 'last_id', 'imported_at'])
function stripTimes(value: unknown): unknown {
  const rows = JSON.parse(JSON.stringify(value, (key, v: unknown) => (FRESH.has(key) ? 0 : v)))
  return (rows as unknown[][]).map((table) => table.map((row) => JSON.stringify(row)).sort())
}
