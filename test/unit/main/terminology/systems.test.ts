import { describe, expect, it } from 'vitest'
import {
  canonicalSystem,
  isCodeShape,
  requireSystem,
  undottedCode,
  writtenCode,
} from '../../../../src/main/terminology/systems'

describe('writtenCode', () => {
  it('dots ICD-10-CM codes after the third character', () => {
    expect(writtenCode('ICD-10-CM', 'M25562')).toBe('M25.562')
    expect(writtenCode('ICD-10-CM', 'S7292XA')).toBe('S72.92XA')
  })

  it('leaves 3-character categories and PCS codes as they are', () => {
    expect(writtenCode('ICD-10-CM', 'I10')).toBe('I10')
    expect(writtenCode('ICD-10-PCS', '0DTJ4ZZ')).toBe('0DTJ4ZZ')
  })

  it('round-trips through undottedCode', () => {
    expect(undottedCode(writtenCode('ICD-10-CM', 'E1165'))).toBe('E1165')
  })
})

describe('system names', () => {
  it('accepts the CLI spellings', () => {
    expect(canonicalSystem('icd10cm')).toBe('ICD-10-CM')
    expect(canonicalSystem('ICD-10-PCS')).toBe('ICD-10-PCS')
    expect(canonicalSystem('snomed')).toBeNull()
  })

  it('throws E_SYSTEM_UNKNOWN for an unknown name', () => {
    expect(() => requireSystem('snomed')).toThrow(
      expect.objectContaining({ code: 'E_SYSTEM_UNKNOWN' }),
    )
  })
})

describe('isCodeShape', () => {
  it('knows CM shapes, including FY2026 QA0 codes', () => {
    expect(isCodeShape('ICD-10-CM', 'QA00')).toBe(true)
    expect(isCodeShape('ICD-10-CM', '0DTJ4ZZ')).toBe(false)
  })

  it('knows PCS shapes: 7 characters or a 3-character header, never I or O', () => {
    expect(isCodeShape('ICD-10-PCS', '0DTJ4ZZ')).toBe(true)
    expect(isCodeShape('ICD-10-PCS', '0DT')).toBe(true)
    expect(isCodeShape('ICD-10-PCS', '0DTJ4ZO')).toBe(false)
    expect(isCodeShape('ICD-10-PCS', '0DTJ')).toBe(false)
  })
})
