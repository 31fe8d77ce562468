import { describe, expect, it } from 'vitest'
import {
  MalformedLine,
  detectSystem,
  parseOrderLine,
  versionOf,
} from '../../../../src/main/terminology/orderFile'

const KNEE =
  '23003 M25562  1 Pain in left knee                                            Pain in left knee'
const HEADER =
  '00001 001     0 Central Nervous System and Cranial Nerves, Bypass            Central Nervous System and Cranial Nerves, Bypass'

describe('parseOrderLine', () => {
  it('reads the fixed-width fields of a billable code', () => {
    expect(parseOrderLine(KNEE)).toEqual({
      order: 23003,
      code: 'M25562',
      billable: true,
      short: 'Pain in left knee',
      long: 'Pain in left knee',
    })
  })

  it('reads a header (valid flag 0)', () => {
    const line = parseOrderLine(HEADER)
    expect(line.code).toBe('001')
    expect(line.billable).toBe(false)
  })

  it('refuses a line cut before the long title', () => {
    expect(() => parseOrderLine(KNEE.slice(0, 60))).toThrow(MalformedLine)
  })

  it('refuses a valid flag other than 0 or 1', () => {
    expect(() => parseOrderLine(`${KNEE.slice(0, 14)}7${KNEE.slice(15)}`)).toThrow(/valid flag/)
  })

  it('refuses fields shifted out of their columns', () => {
    expect(() => parseOrderLine(` ${KNEE}`)).toThrow(MalformedLine)
  })

  it('refuses an order number that is not 5 digits', () => {
    expect(() => parseOrderLine(`2300X${KNEE.slice(5)}`)).toThrow(/order number/)
  })
})

describe('detectSystem', () => {
  it('calls a file whose codes all start with a letter ICD-10-CM', () => {
    expect(detectSystem([{ code: 'A00' }, { code: 'QA0' }, { code: 'B20' }])).toBe('ICD-10-CM')
  })

  it('calls a file with digit-initial codes ICD-10-PCS, even with B-section codes', () => {
    expect(detectSystem([{ code: '001' }, { code: 'B244ZZZ' }])).toBe('ICD-10-PCS')
  })
})

describe('versionOf', () => {
  it('takes the year from the official file name', () => {
    expect(versionOf('/x/icd10cm_order_2026.txt.gz')).toBe('2026')
    expect(versionOf('icd10pcs_order_2025.txt')).toBe('2025')
  })

  it('says unknown when the name has no year', () => {
    expect(versionOf('/x/order.txt')).toBe('unknown')
  })
})
