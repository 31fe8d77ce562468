// Unit: SNOMED CT RF2 Snapshot: latest row per id, active only, FSN vs synonyms, is-a parents, edition and date.
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readSnomedSnapshot } from '../../../../src/main/terminology/snomedRf2'
import {
  copyFolder,
  lineOf,
  removeCopies,
  renameIn,
  replaceLine,
  SNOMED_CONCEPTS,
  SNOMED_DIR,
} from './licensedFixtures'

afterEach(removeCopies)

describe('readSnomedSnapshot', () => {
  it('keeps the concepts whose latest row is active, named by their FSN', () => {
    const { release, edition } = readSnomedSnapshot(SNOMED_CONCEPTS)
    expect(edition).toBe('INT')
    expect(release).toMatchObject({
      system: 'SNOMED CT',
      release: 'INT_20250101',
      version: '2025-01-01',
      source: 'sct2_Concept_Snapshot_INT_20250101.txt',
    })
    const codes = release.rows.map((row) => row.code)
    expect(codes).toHaveLength(9)
    // Inactivated in 2024 after an active 2002 row:
    expect(codes).not.toContain('266894000')
    // Inactive in 2002, active again in 2003:
    expect(codes).toContain('59621000')
    expect(release.rows.find((row) => row.code === '22298006')).toMatchObject({
      long: 'Myocardial infarction (disorder)',
      short: 'Myocardial infarction',
    })
  })

  it('takes active English synonyms (not the FSN type, not inactivated, not other languages)', () => {
    const texts = readSnomedSnapshot(SNOMED_CONCEPTS)
      .terms.filter((term) => term.code === '22298006')
      .map((term) => term.text)
    expect(texts).toEqual(['Heart attack'])
  })

  it('gives is-a parents from active relationships only', () => {
    const rows = readSnomedSnapshot(SNOMED_CONCEPTS).release.rows
    expect(rows.find((row) => row.code === '22298006')?.parents).toEqual(['64572001'])
    expect(rows.find((row) => row.code === '44054006')?.parents).toEqual(['73211009'])
  })

  it('names a national edition from the file names', () => {
    const copy = copyFolder(SNOMED_DIR, 'Terminology')
    for (const kind of ['Concept_Snapshot', 'Description_Snapshot-en', 'Relationship_Snapshot']) {
      renameIn(copy, `sct2_${kind}_INT_20250101.txt`, `sct2_${kind}_US1000124_20250301.txt`)
    }
    const { release, edition } = readSnomedSnapshot(
      join(copy, 'sct2_Concept_Snapshot_US1000124_20250301.txt'),
    )
    expect(edition).toBe('US1000124')
    expect(release).toMatchObject({ release: 'US1000124_20250301', version: '2025-03-01' })
  })

  it('refuses a bad header, a short row or a bad active flag, naming file and line', () => {
    const copy = copyFolder(SNOMED_DIR, 'Terminology')
    const relationships = join(copy, 'sct2_Relationship_Snapshot_INT_20250101.txt')
    replaceLine(relationships, 4, lineOf(relationships, 4).split('\t').slice(0, 6).join('\t'))
    expect(() => readSnomedSnapshot(join(copy, 'sct2_Concept_Snapshot_INT_20250101.txt'))).toThrow(
      expect.objectContaining({
        code: 'E_RELEASE_MALFORMED',
        message: expect.stringMatching(
          /Relationship_Snapshot_INT_20250101\.txt is malformed at line 4: .*10 tab-separated fields, not 6/,
        ),
      }),
    )
    const concepts = join(copy, 'sct2_Concept_Snapshot_INT_20250101.txt')
    replaceLine(concepts, 3, lineOf(concepts, 3).replace('\t1\t', '\tY\t'))
    expect(() => readSnomedSnapshot(concepts)).toThrow(
      expect.objectContaining({
        message: expect.stringContaining('line 3: active "Y" is neither 0 nor 1'),
      }),
    )
    replaceLine(concepts, 1, 'id,effectiveTime,active,moduleId,definitionStatusId')
    expect(() => readSnomedSnapshot(concepts)).toThrow(
      expect.objectContaining({
        message: expect.stringContaining('line 1: the header must be the RF2 concept header'),
      }),
    )
  })

  it('refuses a Snapshot without its description file', () => {
    const copy = copyFolder(SNOMED_DIR, 'Terminology')
    renameIn(copy, 'sct2_Description_Snapshot-en_INT_20250101.txt', 'descriptions.bak')
    expect(() => readSnomedSnapshot(join(copy, 'sct2_Concept_Snapshot_INT_20250101.txt'))).toThrow(
      expect.objectContaining({
        message: expect.stringContaining('no sct2_Description_Snapshot-en file'),
      }),
    )
  })
})
