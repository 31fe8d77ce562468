// Integration: the shipped compact code sets, and building the index from them (build-and-swap).
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  buildIndexFromResources,
  openTerminology,
  parseOrderFile,
  writeResources,
} from '../../../src/main/terminology'

const FIXTURES = resolve('test/fixtures/terminology')
const SHIPPED = resolve('resources/terminology')

let dir: string
let resources: string
let dbPath: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'terminology-resources-'))
  resources = join(dir, 'resources')
  dbPath = join(dir, 'terminology.sqlite')
  const releases = ['icd10cm_order_2026.txt', 'icd10pcs_order_2026.txt'].map((name) =>
    parseOrderFile(join(FIXTURES, name)),
  )
  rmSync(resources, { recursive: true, force: true })
  mkdirSync(resources)
  writeResources(resources, releases)
})

afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('compact resources', () => {
  it('writes one gzip TSV per system and a manifest with counts and hashes', () => {
    const manifest = JSON.parse(readFileSync(join(resources, 'manifest.json'), 'utf8'))
    expect(manifest.systems.map((entry: { file: string }) => entry.file)).toEqual([
      'icd10cm-2026.tsv.gz',
      'icd10pcs-2026.tsv.gz',
    ])
    expect(manifest.systems[0]).toMatchObject({
      system: 'ICD-10-CM',
      rows: 22,
      codes: 12,
      headers: 10,
    })
    expect(manifest.systems[0].fileSha256).toMatch(/^[0-9a-f]{64}$/)
  })

  it('builds the index on first open, with the same releases as a direct import', () => {
    const service = openTerminology({ dbPath, resourcesDir: resources })
    try {
      expect(
        service.list().map((r) => [r.system, r.release, r.codes, r.headers, r.source]),
      ).toEqual([
        ['ICD-10-CM', 'FY2026', 12, 10, 'icd10cm_order_2026.txt'],
        ['ICD-10-PCS', 'FY2026', 7, 4, 'icd10pcs_order_2026.txt'],
      ])
      expect(service.search('pain in left knee')[0]?.code).toBe('M25.562')
      expect(service.search('Unsp fracture left femur')[0]?.description).toBe(
        'Unspecified fracture of left femur, initial encounter for closed fracture',
      )
    } finally {
      service.close()
    }
    expect(readdirSync(dir).filter((name) => name.includes('.build-'))).toEqual([])
  })

  it('keeps an up-to-date index and rebuilds one whose shipped code sets changed', () => {
    openTerminology({ dbPath, resourcesDir: resources }).close()
    const reopened = openTerminology({ dbPath, resourcesDir: resources })
    reopened.importRelease(join(FIXTURES, 'icd10pcs_order_2026.txt'))
    const importedAt = reopened.list()[1]?.importedAt
    reopened.close()
    // Same manifest: the index is kept as it is (the import above survives).
    const kept = openTerminology({ dbPath, resourcesDir: resources })
    expect(kept.list()[1]?.importedAt).toBe(importedAt)
    kept.close()
    // A changed manifest (here: only the CM set is shipped) makes the next open rebuild.
    const manifestPath = join(resources, 'manifest.json')
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'))
    writeFileSync(
      manifestPath,
      JSON.stringify({ ...manifest, systems: manifest.systems.slice(0, 1) }),
    )
    const rebuilt = openTerminology({ dbPath, resourcesDir: resources })
    expect(rebuilt.list().map((r) => r.system)).toEqual(['ICD-10-CM'])
    rebuilt.close()
  })

  it('refuses a shipped file that does not match its manifest and leaves no index behind', () => {
    const file = join(resources, 'icd10cm-2026.tsv.gz')
    const bytes = readFileSync(file)
    writeFileSync(file, Buffer.concat([bytes, Buffer.from([0])]))
    expect(() => buildIndexFromResources(dbPath, resources)).toThrow(
      expect.objectContaining({ code: 'E_RELEASE_MALFORMED' }),
    )
    expect(existsSync(dbPath)).toBe(false)
    expect(readdirSync(dir).filter((name) => name.includes('.build-'))).toEqual([])
  })

  it('creates the folder of a new index', () => {
    const nested = join(dir, 'a', 'b', 'terminology.sqlite')
    const service = openTerminology({ dbPath: nested, resourcesDir: resources })
    expect(service.list()).toHaveLength(2)
    service.close()
    expect(existsSync(nested)).toBe(true)
  })

  it('refuses a read-only open before the index exists', () => {
    expect(() => openTerminology({ dbPath, resourcesDir: resources, readonly: true })).toThrow(
      expect.objectContaining({ code: 'E_DATABASE' }),
    )
  })

  it('opens read-only connections beside a writer (WAL)', () => {
    const writer = openTerminology({ dbPath, resourcesDir: resources })
    const readers = [1, 2, 3].map(() =>
      openTerminology({ dbPath, resourcesDir: resources, readonly: true }),
    )
    try {
      for (const reader of readers) expect(reader.search('HTN')[0]?.code).toBe('I10')
    } finally {
      readers.forEach((reader) => reader.close())
      writer.close()
    }
  })
})

describe('the shipped code sets in resources/terminology', () => {
  it.skipIf(!existsSync(join(SHIPPED, 'manifest.json')))(
    'build a complete index with no access to ../shared',
    () => {
      const startedAt = performance.now()
      const reports = buildIndexFromResources(dbPath, SHIPPED)
      const seconds = (performance.now() - startedAt) / 1000
      process.stderr.write(
        `built the index from resources/terminology in ${seconds.toFixed(1)} s\n`,
      )
      expect(reports.map((r) => [r.system, r.codes, r.headers])).toEqual([
        ['ICD-10-CM', 74_719, 23_467],
        ['ICD-10-PCS', 79_115, 914],
        ['HCPCS', 7_258, 0],
        ['HPO', 16_874, 0],
      ])
      expect(reports[0]?.indexTerms).toBeGreaterThan(100_000)
      const service = openTerminology({ dbPath, resourcesDir: SHIPPED, readonly: true })
      try {
        expect(service.search('pain in left knee', { system: 'ICD-10-CM' })[0]?.code).toBe(
          'M25.562',
        )
        expect(service.search('essential hypertension', { system: 'ICD-10-CM' })[0]?.code).toBe(
          'I10',
        )
        const diabetes = service.search('type 2 diabetes', { system: 'ICD-10-CM', limit: 3 })
        expect(diabetes.some((c) => c.code.startsWith('E11.'))).toBe(true)
        const appendix = service.search('appendectomy laparoscopic', { system: 'ICD-10-PCS' })
        expect(appendix[0]?.code).toBe('0DTJ4ZZ')
        // Frequent words (left, right, replacement) checked on rows, or intersected by FTS5.
        const cm = (text: string) => service.search(text, { system: 'ICD-10-CM' })[0]?.code
        expect(cm('fracture of left femur')).toBe('S72.92XA')
        expect(cm('right lower quadrant pain')).toBe('R10.31')
        expect(cm('hypertension')).toBe('I10')
        // Index terms and guidance shipped with the code sets.
        const cholera = service.search('classical cholera', { system: 'ICD-10-CM' })[0]
        expect(cholera?.code).toBe('A00.0')
        expect(cholera?.via).toContainEqual({ kind: 'inclusion', text: 'Classical cholera' })
        expect(service.search('I10')[0]?.guidance?.excludes1.length).toBeGreaterThan(0)
        expect(service.search('injection ceftriaxone', { system: 'HCPCS' })[0]?.code).toBe('J0696')
        const knee = service.search('total knee replacement left', { system: 'ICD-10-PCS' })
        expect(knee[0]?.description).toMatch(/^Replacement of Left Knee Joint/)
        // HPO shipped with its synonyms (issue 4): PGR normalization needs no ../shared.
        const seizure = service.search('seizures', { system: 'HPO' })[0]
        expect(seizure?.code).toBe('HP:0001250')
        expect(service.list().find((r) => r.system === 'HPO')?.release).toBe('2023-01-27')
        // Vector candidates: every shipped system has a vector table, and "vector" says so.
        for (const system of ['ICD-10-CM', 'ICD-10-PCS', 'HCPCS', 'HPO']) {
          const near = service.search('pain in left knee', { system, retrieval: 'vector' })
          expect(near.length, system).toBeGreaterThan(0)
        }
        // No title has every word ("aching" too): the vector list is fused in; titles having
        // every word make it unneeded.
        const fused = service.search('pain in left knee aching', { system: 'ICD-10-CM' })
        expect(fused.flatMap((c) => c.via ?? []).map((via) => via.kind)).toContain('vector')
        expect(fused[0]?.code).toBe('M25.562')
        const covered = service.search('pain in left knee', { system: 'ICD-10-CM', limit: 3 })
        expect(covered.flatMap((c) => c.via ?? []).map((via) => via.kind)).not.toContain('vector')
      } finally {
        service.close()
      }
    },
    180_000,
  )
})
