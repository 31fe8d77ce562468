// Unit: LOINC's Loinc.csv: active and trial codes by LONG_COMMON_NAME, component and short name as synonyms.
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readLoincCsv } from '../../../../src/main/terminology/loincCsv'
import { copyFolder, lineOf, LOINC_CSV, removeCopies, replaceLine } from './licensedFixtures'

afterEach(removeCopies)

describe('readLoincCsv', () => {
  it('keeps ACTIVE and TRIAL codes, versioned by the distribution folder', () => {
    const { release, retired } = readLoincCsv(LOINC_CSV)
    expect(release).toMatchObject({
      system: 'LOINC',
      release: '2.80',
      version: '2.80',
      source: 'Loinc.csv',
    })
    expect(release.rows.map((row) => row.code)).toEqual([
      '2345-7',
      '718-7',
      '4548-4',
      '2160-0',
      '99999-9',
    ])
    expect(retired).toBe(1)
    expect(release.rows[0]).toMatchObject({
      long: 'Glucose [Mass/volume] in Serum or Plasma',
      short: 'Glucose SerPl-mCnc',
    })
  })

  it('gives short names and components as synonyms', () => {
    const terms = readLoincCsv(LOINC_CSV).terms.filter((term) => term.code === '2345-7')
    expect(terms.map((term) => term.text)).toEqual(['Glucose SerPl-mCnc', 'Glucose'])
  })

  it('takes the version from VersionLastChanged outside its distribution folder', () => {
    const copy = copyFolder(join(LOINC_CSV, '..'), 'table')
    expect(readLoincCsv(join(copy, 'Loinc.csv')).release.version).toBe('2.80')
  })

  it('refuses a bad code, a bad status or a foreign header, naming file and line', () => {
    const copy = copyFolder(join(LOINC_CSV, '..'), 'table')
    const csv = join(copy, 'Loinc.csv')
    replaceLine(csv, 3, lineOf(csv, 3).replace('"718-7"', '"718-77"'))
    expect(() => readLoincCsv(csv)).toThrow(
      expect.objectContaining({
        code: 'E_RELEASE_MALFORMED',
        message: expect.stringContaining('Loinc.csv is malformed at line 3: LOINC_NUM "718-77"'),
      }),
    )
    replaceLine(csv, 3, lineOf(LOINC_CSV, 3).replace('"ACTIVE"', '"RETIRED"'))
    expect(() => readLoincCsv(csv)).toThrow(
      expect.objectContaining({ message: expect.stringContaining('line 3: STATUS "RETIRED"') }),
    )
    replaceLine(csv, 1, '"code","description"')
    expect(() => readLoincCsv(csv)).toThrow(
      expect.objectContaining({
        message: expect.stringContaining('line 1: the header lacks LOINC_NUM'),
      }),
    )
  })
})
