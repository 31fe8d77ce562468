// Integration: SNOMED CT RF2, RxNorm RRF and LOINC CSV imported into a real index from fixtures in the official formats.
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  findReleaseFiles,
  openTerminology,
  type TerminologyService,
} from '../../../src/main/terminology'
import {
  copyFolder,
  lineOf,
  LOINC_CSV,
  removeCopies,
  renameIn,
  replaceLine,
  RXNCONSO,
  RXNORM_DIR,
  SNOMED_CONCEPTS,
  SNOMED_DIR,
} from '../../unit/main/terminology/licensedFixtures'

let dir: string
let dbPath: string
let service: TerminologyService

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'licensed-'))
  dbPath = join(dir, 'terminology.sqlite')
  service = openTerminology({ dbPath, resourcesDir: join(dir, 'no-resources') })
})

afterEach(() => {
  service.close()
  removeCopies()
  rmSync(dir, { recursive: true, force: true })
})

function snapshot(): unknown {
  const db = new Database(dbPath, { readonly: true })
  try {
    return ['codes', 'index_terms', 'releases', 'term_docs', 'archived_codes'].map((table) =>
      db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2, 3`).all(),
    )
  } finally {
    db.close()
  }
}

function importAll(): void {
  for (const path of [SNOMED_CONCEPTS, RXNCONSO, LOINC_CSV]) service.importRelease(path)
}

describe('licensed formats', () => {
  it('records system, release, version and counts for each', () => {
    importAll()
    expect(
      service.list().map((r) => [r.system, r.release, r.version, r.codes, r.indexTerms]),
    ).toEqual([
      ['LOINC', '2.80', '2.80', 5, 9],
      ['RxNorm', 'full-2025-03-03', '2025-03-03', 6, 5],
      ['SNOMED CT', 'INT_20250101', '2025-01-01', 9, 6],
    ])
  })

  it('finds codes by name and synonym, by any alias of the system, with their hierarchy', () => {
    importAll()
    const [mi] = service.search('heart attack', { system: 'snomed' })
    expect(mi).toMatchObject({
      system: 'SNOMED CT',
      code: '22298006',
      parents: ['64572001', '404684003', '138875005'],
    })
    expect(service.search('type 2 diabetes', { system: 'SNOMED CT' })[0]?.code).toBe('44054006')
    expect(service.search('lisinopril 10 mg tablet', { system: 'rxnorm' })[0]?.code).toBe('314076')
    expect(service.search('00093104801', { system: 'RxNorm' })[0]?.code).toBe('861007')
    expect(service.search('hemoglobin a1c', { system: 'loinc' })[0]?.code).toBe('4548-4')
    const [glucose] = service.resolve('glucose serum', {
      systems: ['LOINC', 'SNOMED CT'],
      limit: 3,
    })
    expect(glucose?.code).toBe('2345-7')
  })

  it('is idempotent', () => {
    importAll()
    const before = snapshot()
    importAll()
    expect(stripTimes(snapshot())).toEqual(stripTimes(before))
  })

  it('leaves the index as it was when a file is bad, naming file and line', () => {
    importAll()
    const before = snapshot()
    const snomed = copyFolder(SNOMED_DIR, 'Terminology')
    const descriptions = join(snomed, 'sct2_Description_Snapshot-en_INT_20250101.txt')
    replaceLine(descriptions, 5, lineOf(descriptions, 5).replace('\t20020131\t', '\t2002-01-31\t'))
    const rxnorm = copyFolder(RXNORM_DIR, 'rrf')
    replaceLine(join(rxnorm, 'RXNSAT.RRF'), 2, 'not|an|rrf|line|')
    const loinc = copyFolder(resolve(LOINC_CSV, '..'), 'table')
    replaceLine(join(loinc, 'Loinc.csv'), 4, '"4548-4","Hemoglobin A1c"')
    const bad = [
      [
        join(snomed, 'sct2_Concept_Snapshot_INT_20250101.txt'),
        /Description_Snapshot-en_INT_20250101\.txt is malformed at line 5/,
      ],
      [join(rxnorm, 'RXNCONSO.RRF'), /RXNSAT\.RRF is malformed at line 2/],
      [join(loinc, 'Loinc.csv'), /Loinc\.csv is malformed at line 4/],
    ] as const
    for (const [path, message] of bad) {
      expect(() => service.importRelease(path)).toThrow(
        expect.objectContaining({
          code: 'E_RELEASE_MALFORMED',
          message: expect.stringMatching(message),
        }),
      )
    }
    expect(snapshot()).toEqual(before)
  })

  it('finds each release in its distribution folder', () => {
    expect(findReleaseFiles(resolve(SNOMED_DIR, '../../..'))).toEqual([SNOMED_CONCEPTS])
    expect(findReleaseFiles(resolve(RXNORM_DIR, '..'))).toEqual([RXNCONSO])
    expect(findReleaseFiles(resolve(LOINC_CSV, '../..'))).toEqual([LOINC_CSV])
  })

  it('reports the diff against the previous SNOMED CT release and keeps it', () => {
    service.importRelease(SNOMED_CONCEPTS)
    const copy = copyFolder(SNOMED_DIR, 'Terminology')
    for (const kind of ['Concept_Snapshot', 'Description_Snapshot-en', 'Relationship_Snapshot']) {
      renameIn(copy, `sct2_${kind}_INT_20250101.txt`, `sct2_${kind}_INT_20250701.txt`)
    }
    const descriptions = join(copy, 'sct2_Description_Snapshot-en_INT_20250701.txt')
    const fsn = lineOf(descriptions, 8)
    expect(fsn).toContain('Myocardial infarction (disorder)')
    replaceLine(
      descriptions,
      8,
      fsn.replace('Myocardial infarction (disorder)', 'Myocardial infarction (clinical finding)'),
    )
    const report = service.importRelease(join(copy, 'sct2_Concept_Snapshot_INT_20250701.txt'))
    expect(report).toMatchObject({
      release: 'INT_20250701',
      diff: { previousRelease: 'INT_20250101', added: [], deleted: [], redescribed: ['22298006'] },
      keptReleases: ['INT_20250101'],
    })
  })
})

// Row ids are assigned afresh (after the other systems' rows) and imported_at is the time of the
// import: nothing else may differ between two imports of the same file.
const FRESH = new Set(['id', 'first_id', 'last_id', 'imported_at'])
function stripTimes(value: unknown): unknown {
  const rows = JSON.parse(JSON.stringify(value, (key, v: unknown) => (FRESH.has(key) ? 0 : v)))
  return (rows as unknown[][]).map((table) => table.map((row) => JSON.stringify(row)).sort())
}
