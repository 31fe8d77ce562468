// Integration: ICD-10-CM index terms, synonyms and guidance imported beside an order file; custom CSV; release diff.
import Database from 'better-sqlite3'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTerminology, type TerminologyService } from '../../../src/main/terminology'
import { WOUND_CODES_V2_DIFF } from '../../fixtures/terminology/custom/woundCodesDiff'

const FIXTURES = resolve('test/fixtures/terminology')
const HCPCS_XLSX = resolve(
  process.env.CODER_SHARED ?? '../shared',
  'terminology/hcpcs/HCPC2025_OCT_ANWEB.xlsx',
)

let dir: string
let dbPath: string
let service: TerminologyService

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'terminology-index-'))
  dbPath = join(dir, 'terminology.sqlite')
  service = openTerminology({ dbPath, resourcesDir: join(dir, 'no-resources') })
})

afterEach(() => {
  service.close()
  rmSync(dir, { recursive: true, force: true })
})

/** A release folder: the fixture order file with the index and note fixtures beside it. */
function releaseFolder(): string {
  const folder = join(dir, 'release')
  mkdirSync(folder)
  copyFileSync(join(FIXTURES, 'icd10cm_order_2026.txt'), join(folder, 'icd10cm_order_2026.txt'))
  for (const name of readdirSync(join(FIXTURES, 'index'))) {
    copyFileSync(join(FIXTURES, 'index', name), join(folder, name))
  }
  return folder
}

function snapshot(): unknown {
  const db = new Database(dbPath, { readonly: true })
  try {
    return ['codes', 'index_terms', 'guidance', 'releases', 'archived_codes', 'term_docs'].map(
      (table) => db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2, 3`).all(),
    )
  } finally {
    db.close()
  }
}

describe('index terms and guidance', () => {
  it('imports the index files beside an ICD-10-CM order file and finds codes through them', () => {
    const report = service.importRelease(join(releaseFolder(), 'icd10cm_order_2026.txt'))
    expect(report.indexTerms).toBeGreaterThanOrEqual(8)
    const gonalgia = service.search('gonalgia', { system: 'ICD-10-CM' })
    expect(gonalgia[0]?.code).toMatch(/^M25\.56/)
    const decompensation = service.resolve('cardiac decompensation', {
      systems: ['ICD-10-CM'],
      limit: 3,
    })
    expect(decompensation[0]).toMatchObject({ code: 'I50.9' })
    expect(decompensation[0]?.via).toContainEqual({
      kind: 'index',
      text: 'Cardiac > decompensation',
    })
    const fall = service.search('fall from ladder')
    expect(fall[0]?.code).toBe('S72.92XA')
    expect(fall[0]?.via?.[0]?.kind).toBe('external')
  })

  it('returns the guidance of a code and its ancestors with each candidate', () => {
    service.importRelease(join(releaseFolder(), 'icd10cm_order_2026.txt'))
    const [bloodPressure] = service.search('high blood pressure')
    expect(bloodPressure?.code).toBe('I10')
    expect(bloodPressure?.guidance?.excludes1).toEqual([
      'hypertensive disease complicating pregnancy (O10-O11)',
    ])
    const knee = service.search('pain in left knee')[0]
    expect(knee?.code).toBe('M25.562')
    expect(knee?.guidance).toEqual({
      excludes1: [],
      excludes2: ['pain in hand (M79.64-)'],
      codeFirst: [],
      useAdditional: ['code for laterality'],
    })
    expect(service.search('type 2 diabetes')[0]?.guidance).toBeUndefined()
  })

  it('keeps the index terms when the order file is imported again alone', () => {
    service.importRelease(join(releaseFolder(), 'icd10cm_order_2026.txt'))
    const before = service.list()[0]?.indexTerms
    service.importRelease(join(FIXTURES, 'icd10cm_order_2026.txt'))
    expect(service.list()[0]?.indexTerms).toBe(before)
    expect(service.search('high blood pressure')[0]?.code).toBe('I10')
  })

  it('refuses a malformed index file and leaves the index exactly as it was', () => {
    const folder = releaseFolder()
    service.importRelease(join(folder, 'icd10cm_order_2026.txt'))
    const before = snapshot()
    writeFileSync(join(folder, 'icd10cm_eindex_2026.xml'), '<ICD10CM.index><letter>')
    expect(() => service.importRelease(join(folder, 'icd10cm_order_2026.txt'))).toThrow(
      /icd10cm_eindex_2026\.xml is malformed at line 1/,
    )
    expect(snapshot()).toEqual(before)
  })
})

describe('custom CSV and release diff', () => {
  const v1 = join(FIXTURES, 'custom', 'woundcodes_v1.csv')
  const v2 = join(FIXTURES, 'custom', 'woundcodes_v2.csv')

  it('imports a custom CSV under the name given, with its hierarchy, and searches it', () => {
    const report = service.importRelease(v1, { system: 'Wound Codes' })
    expect(report).toMatchObject({ system: 'Wound Codes', release: 'woundcodes_v1', codes: 3 })
    expect(report.diff).toBeUndefined()
    const [dressing] = service.search('complex dressing', { system: 'wound-codes' })
    expect(dressing).toMatchObject({ code: 'WND-2', parents: ['WND'], system: 'Wound Codes' })
    expect(
      service.resolve('simple dressing', { systems: ['Wound Codes'], limit: 1 })[0]?.code,
    ).toBe('WND-1')
  })

  it('requires --system for a CSV, and refuses malformed rows naming the line', () => {
    expect(() => service.importRelease(v1)).toThrow(
      expect.objectContaining({ code: 'E_RELEASE_UNKNOWN' }),
    )
    service.importRelease(v1, { system: 'Wound Codes' })
    const before = snapshot()
    expect(() =>
      service.importRelease(join(FIXTURES, 'custom', 'broken_space.csv'), {
        system: 'Wound Codes',
      }),
    ).toThrow(/broken_space\.csv is malformed at line 3: code "WND 1"/)
    expect(() =>
      service.importRelease(join(FIXTURES, 'custom', 'broken_fields.csv'), {
        system: 'Wound Codes',
      }),
    ).toThrow(/broken_fields\.csv is malformed at line 3: a row must have 2 or 3 fields/)
    expect(() => service.importRelease(v1, { system: 'ICD-10-CM' })).toThrow(
      expect.objectContaining({ code: 'E_OPTION' }),
    )
    expect(snapshot()).toEqual(before)
  })

  it('reports codes added, deleted and re-described, and keeps the previous release until dropped', () => {
    service.importRelease(v1, { system: 'Wound Codes' })
    const report = service.importRelease(v2, { system: 'wound codes' })
    expect(report.system).toBe('Wound Codes')
    expect(report.diff).toEqual(WOUND_CODES_V2_DIFF)
    expect(report.keptReleases).toEqual(['woundcodes_v1'])
    expect(service.list().map((r) => [r.release, r.isCurrent])).toEqual([
      ['woundcodes_v2', true],
      ['woundcodes_v1', false],
    ])
    const codes = service.search('complex dressing debridement', { system: 'Wound Codes' })
    expect(codes.map((c) => c.code)).not.toContain('WND-2')
    expect(() => service.drop('Wound Codes', 'woundcodes_v2')).toThrow(
      expect.objectContaining({ code: 'E_OPTION' }),
    )
    // The diff outlives the connection (a restart): recomputed from the kept release.
    service.close()
    service = openTerminology({ dbPath, resourcesDir: join(dir, 'no-resources') })
    expect(service.releaseDiff('wound codes')).toEqual({
      system: 'Wound Codes',
      release: 'woundcodes_v2',
      diff: report.diff,
    })
    service.drop('Wound Codes', 'woundcodes_v1')
    expect(service.list().map((r) => r.release)).toEqual(['woundcodes_v2'])
    expect(service.releaseDiff('Wound Codes')).toBeNull()
  })

  it('recomputes the diff against the release current before, not an older kept one', () => {
    service.importRelease(v1, { system: 'Wound Codes' })
    service.importRelease(v2, { system: 'Wound Codes' })
    // v1 again: v2 is now the release current before it (kept), and v1's codes are current.
    const report = service.importRelease(v1, { system: 'Wound Codes' })
    expect(report.diff?.previousRelease).toBe('woundcodes_v2')
    expect(service.releaseDiff('Wound Codes')).toEqual({
      system: 'Wound Codes',
      release: 'woundcodes_v1',
      diff: report.diff,
    })
    expect(report.diff?.details.redescribed).toEqual([
      {
        code: 'WND-1',
        before: 'Simple wound dressing (single layer)',
        after: 'Simple wound dressing',
      },
    ])
    expect(service.releaseDiff('HCPCS')).toBeNull()
  })
})

describe('HCPCS Level II', () => {
  it.skipIf(!existsSync(HCPCS_XLSX))(
    'imports the CMS workbook (skipped when ../shared is absent)',
    async () => {
      const report = await service.importFile(HCPCS_XLSX)
      expect(report).toMatchObject({ system: 'HCPCS', release: '2025-10', codes: 7258 })
      expect(service.search('J0696')[0]?.description).toMatch(/ceftriaxone/i)
      expect(service.search('injection ceftriaxone', { system: 'hcpcs' })[0]?.code).toBe('J0696')
    },
  )

  it('refuses a file that is not an xlsx workbook', async () => {
    const fake = join(dir, 'HCPC2025_OCT_ANWEB.xlsx')
    writeFileSync(fake, 'not a workbook')
    await expect(service.importFile(fake)).rejects.toMatchObject({ code: 'E_RELEASE_MALFORMED' })
    expect(service.list()).toEqual([])
  })
})
