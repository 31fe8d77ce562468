// Integration: importing order files into a real SQLite index, searching it, and refusing bad files.
import Database from 'better-sqlite3'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  findReleaseFiles,
  openTerminology,
  type TerminologyService,
} from '../../../src/main/terminology'

const FIXTURES = resolve('test/fixtures/terminology')
const CM = join(FIXTURES, 'icd10cm_order_2026.txt')
const PCS = join(FIXTURES, 'icd10pcs_order_2026.txt')

let dir: string
let dbPath: string
let service: TerminologyService

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'terminology-'))
  dbPath = join(dir, 'terminology.sqlite')
  service = openTerminology({ dbPath, resourcesDir: join(dir, 'no-resources') })
})

afterEach(() => {
  service.close()
  rmSync(dir, { recursive: true, force: true })
})

/** Everything the index holds, as one comparable value. */
function snapshot(): unknown {
  const db = new Database(dbPath, { readonly: true })
  try {
    return {
      codes: db.prepare('SELECT * FROM codes ORDER BY id').all(),
      terms: db.prepare('SELECT * FROM term_docs ORDER BY system, term').all(),
      releases: db.prepare('SELECT * FROM releases ORDER BY system').all(),
      cm: db.prepare(`SELECT rowid FROM fts_icd10cm WHERE fts_icd10cm MATCH 'pain OR kne'`).all(),
      pcs: db.prepare(`SELECT rowid FROM fts_icd10pcs WHERE fts_icd10pcs MATCH 'appendix'`).all(),
    }
  } finally {
    db.close()
  }
}

describe('importRelease', () => {
  it('imports an ICD-10-CM order file, detecting the system and release', () => {
    const report = service.importRelease(CM)
    expect(report).toMatchObject({
      system: 'ICD-10-CM',
      release: 'FY2026',
      version: '2026',
      codes: 12,
      billable: 12,
      headers: 10,
    })
    const [release] = service.list()
    expect(release).toMatchObject({
      system: 'ICD-10-CM',
      source: 'icd10cm_order_2026.txt',
      codes: 12,
    })
    expect(release?.sha256).toMatch(/^[0-9a-f]{64}$/)
  })

  it('finds the expected codes after importing both systems', () => {
    service.importRelease(CM)
    service.importRelease(PCS)
    const knee = service.search('pain in left knee', { system: 'ICD-10-CM' })
    expect(knee[0]).toMatchObject({
      code: 'M25.562',
      billable: true,
      description: 'Pain in left knee',
    })
    expect(knee[0]?.parents).toEqual(['M25.56', 'M25.5', 'M25'])
    expect(service.search('essential hypertension')[0]?.code).toBe('I10')
    expect(service.search('type 2 diabetes', { system: 'icd10cm' })[0]?.code).toMatch(/^E11\./)
    expect(service.search('appendectomy laparoscopic', { system: 'ICD-10-PCS' })[0]?.code).toBe(
      '0DTJ4ZZ',
    )
    expect(service.search('0DTJ4ZZ')[0]).toMatchObject({
      code: '0DTJ4ZZ',
      score: 1,
      parents: ['0DT'],
    })
  })

  it('resolves chunk text across the systems asked for', () => {
    service.importRelease(CM)
    service.importRelease(PCS)
    const candidates = service.resolve('Left knee pain', { systems: ['ICD-10-CM'], limit: 3 })
    expect(candidates.map((c) => c.code)).toEqual(['M25.562', 'M25.569', 'M25.561'])
    expect(candidates.every((c) => c.system === 'ICD-10-CM')).toBe(true)
    expect(service.resolve('HTN', { systems: ['icd10cm', 'icd10pcs'], limit: 1 })[0]?.code).toBe(
      'I10',
    )
  })

  it('accepts the same file gzipped, with the same SHA-256 of its content', () => {
    const gz = join(dir, 'icd10cm_order_2026.txt.gz')
    writeFileSync(gz, gzipSync(readFileSync(CM)))
    service.importRelease(CM)
    const plain = service.list()[0]?.sha256
    expect(service.importRelease(gz).codes).toBe(12)
    expect(service.list()[0]?.sha256).toBe(plain)
  })

  it('is idempotent: re-importing a release replaces that system only', () => {
    service.importRelease(CM)
    service.importRelease(PCS)
    const before = snapshot() as { codes: unknown[]; releases: { system: string }[] }
    service.importRelease(CM)
    const after = snapshot() as { codes: unknown[]; releases: unknown[] }
    expect(after.codes).toHaveLength(before.codes.length)
    expect(service.list().map((r) => [r.system, r.codes, r.headers])).toEqual([
      ['ICD-10-CM', 12, 10],
      ['ICD-10-PCS', 7, 4],
    ])
    expect(service.search('pain in left knee')[0]?.code).toBe('M25.562')
    expect(service.search('appendectomy laparoscopic')[0]?.code).toBe('0DTJ4ZZ')
  })

  const broken = ['truncated', 'flag', 'missing-line', 'latin1', 'utf16']
  it.each(broken)('refuses the %s variant and leaves the index exactly as it was', (name) => {
    service.importRelease(CM)
    service.importRelease(PCS)
    const before = snapshot()
    const path = join(FIXTURES, 'broken', `${name}.txt`)
    expect(() => service.importRelease(path)).toThrow(
      expect.objectContaining({ code: 'E_RELEASE_MALFORMED' }),
    )
    expect(snapshot()).toEqual(before)
  })

  it('refuses a truncated gzip file', () => {
    const gz = join(dir, 'icd10cm_order_2026.txt.gz')
    const bytes = gzipSync(readFileSync(CM))
    writeFileSync(gz, bytes.subarray(0, bytes.length - 30))
    expect(() => service.importRelease(gz)).toThrow(/gzip data is truncated or corrupt/)
    expect(service.list()).toEqual([])
  })

  it('refuses a file imported as the wrong system, naming the line', () => {
    service.importRelease(PCS)
    const before = snapshot()
    // E11 could be a PCS header; E1165 (line 2) cannot be a PCS code.
    expect(() => service.importRelease(CM, { system: 'ICD-10-PCS' })).toThrow(
      'malformed at line 2: code E1165 is not an ICD-10-PCS code',
    )
    expect(snapshot()).toEqual(before)
  })

  it('refuses an unknown --system and a missing file with their own codes', () => {
    expect(() => service.importRelease(CM, { system: 'snomed' })).toThrow(
      expect.objectContaining({ code: 'E_SYSTEM_UNKNOWN' }),
    )
    expect(() => service.importRelease(join(dir, 'nope.txt'))).toThrow(
      expect.objectContaining({ code: 'E_FILE_NOT_FOUND' }),
    )
  })

  it('lets a read-only connection see a release the writer imports later', () => {
    service.importRelease(CM)
    const reader = openTerminology({ dbPath, resourcesDir: dir, readonly: true })
    try {
      const ask = () =>
        reader.resolve('laparoscopic appendectomy', { systems: ['icd10pcs'], limit: 1 })
      expect(ask()).toEqual([])
      service.importRelease(PCS)
      expect(ask()[0]?.code).toBe('0DTJ4ZZ')
    } finally {
      reader.close()
    }
  })

  it('refuses imports on a read-only connection', () => {
    service.importRelease(CM)
    const reader = openTerminology({ dbPath, resourcesDir: dir, readonly: true })
    try {
      expect(reader.search('pain in left knee')[0]?.code).toBe('M25.562')
      expect(() => reader.importRelease(PCS)).toThrow(
        expect.objectContaining({ code: 'E_DATABASE' }),
      )
    } finally {
      reader.close()
    }
  })
})

describe('findReleaseFiles', () => {
  it('finds the order files in a folder, not the addenda', () => {
    const folder = join(dir, 'release')
    mkdirSync(join(folder, 'pcs'), { recursive: true })
    copyFileSync(CM, join(folder, 'icd10cm_order_2026.txt'))
    copyFileSync(PCS, join(folder, 'pcs', 'icd10pcs_order_2026.txt'))
    writeFileSync(join(folder, 'icd10cm_order_addenda_2026.txt'), 'not a release')
    expect(findReleaseFiles(folder).map((path) => path.slice(folder.length + 1))).toEqual([
      'icd10cm_order_2026.txt',
      'pcs/icd10pcs_order_2026.txt',
    ])
    expect(findReleaseFiles(CM)).toEqual([CM])
  })

  it('says so when a folder has no release files', () => {
    expect(() => findReleaseFiles(dir)).toThrow(expect.objectContaining({ code: 'E_RELEASE_NONE' }))
  })
})
