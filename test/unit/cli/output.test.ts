import { describe, expect, it } from 'vitest'
import { positiveInt, recordTable, table } from '../../../src/cli/output'
import { parseSystems } from '../../../src/main/services'
import { CoderError } from '../../../src/shared/errors'

describe('CLI option parsing', () => {
  it('maps short and written system names', () => {
    expect(parseSystems('icd10cm,ICD-10-PCS')).toEqual(['ICD-10-CM', 'ICD-10-PCS'])
    expect(parseSystems(undefined)).toEqual(['ICD-10-CM', 'ICD-10-PCS', 'HCPCS'])
    expect(parseSystems('hcpcs')).toEqual(['HCPCS'])
  })

  it('refuses an unknown system with a coded error', () => {
    expect(() => parseSystems('snomed')).toThrow(CoderError)
  })

  it('accepts only positive integers', () => {
    expect(positiveInt('4', '--n')).toBe(4)
    expect(positiveInt(undefined, '--n')).toBeUndefined()
    for (const bad of ['0', '-1', '2.5', 'x']) expect(() => positiveInt(bad, '--n')).toThrow(/--n/)
  })
})

describe('table', () => {
  it('pads columns to their widest cell', () => {
    expect(
      table([
        ['a', 'bb'],
        ['ccc', 1],
      ]),
    ).toBe('a    bb\nccc  1')
  })

  it('lays records out under the first one’s keys, objects as JSON', () => {
    expect(
      recordTable([
        { model: 'ner', ms: 9.5, per: { a: 1 } },
        { model: 'ner-transformer', ms: 16, per: null },
      ]),
    ).toBe('model            ms   per\nner              9.5  {"a":1}\nner-transformer  16   null')
    expect(recordTable([])).toBe('')
  })
})
