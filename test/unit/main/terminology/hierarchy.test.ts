import { describe, expect, it } from 'vitest'
import { ancestorsOf } from '../../../../src/main/terminology/hierarchy'

describe('ancestorsOf', () => {
  it('lists CM ancestors nearest first, skipping prefixes that are not codes', () => {
    const ancestors = ancestorsOf('ICD-10-CM', ['M25', 'M255', 'M2556', 'M25562', 'S72', 'S7292XA'])
    expect(ancestors.get('M25562')).toEqual(['M2556', 'M255', 'M25'])
    expect(ancestors.get('S7292XA')).toEqual(['S72'])
    expect(ancestors.get('M25')).toEqual([])
  })

  it('gives a PCS code its 3-character header only', () => {
    const ancestors = ancestorsOf('ICD-10-PCS', ['0DT', '0DTJ4ZZ', '0DB'])
    expect(ancestors.get('0DTJ4ZZ')).toEqual(['0DT'])
    expect(ancestors.get('0DT')).toEqual([])
  })

  it('walks a polyhierarchy breadth first, nearest first, each ancestor once', () => {
    const parents = new Map<string, string | readonly string[]>([
      ['delay', ['neuro', 'pheno']],
      ['neuro', 'pheno'],
      ['pheno', 'all'],
      ['loop', ['loop2']],
      ['loop2', ['loop']],
    ])
    const ancestors = ancestorsOf(
      'HPO',
      ['all', 'pheno', 'neuro', 'delay', 'loop', 'loop2'],
      parents,
    )
    expect(ancestors.get('delay')).toEqual(['neuro', 'pheno', 'all'])
    expect(ancestors.get('loop')).toEqual(['loop2'])
  })
})
