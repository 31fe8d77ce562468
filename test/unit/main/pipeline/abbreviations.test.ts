// Schwartz & Hearst abbreviation definitions: "long form (SF)".
import { describe, expect, it } from 'vitest'
import { abbreviates, definitionAfter } from '../../../../src/main/pipeline/abbreviations'

describe('abbreviates', () => {
  it('finds the short form’s letters and digits in order, the first at a word start', () => {
    expect(abbreviates('COPD', 'chronic obstructive pulmonary disease')).toBe(true)
    expect(abbreviates('cis-RA', '13-cis-retinoic acid')).toBe(true)
    expect(abbreviates('5-HT', '5-hydroxytryptamine')).toBe(true)
    expect(abbreviates('PD', "Parkinson's disease")).toBe(true)
  })

  it('refuses letters out of order, a first letter inside a word, and no letter at all', () => {
    expect(abbreviates('DP', "Parkinson's disease")).toBe(false)
    expect(abbreviates('AB', 'cab')).toBe(false) // "a" only inside "cab"
    expect(abbreviates('12', '12 mg daily')).toBe(false)
    expect(abbreviates('ACID', 'acid')).toBe(false) // not shorter than its long form
  })
})

describe('definitionAfter', () => {
  const text = 'Cells got 13-cis-retinoic acid ( cis-RA ) or saline (given daily) or aspirin (x).'
  const span = (name: string) => ({
    start: text.indexOf(name),
    end: text.indexOf(name) + name.length,
  })

  it('reads the short form in parentheses right after the long form', () => {
    const longForm = span('13-cis-retinoic acid')
    expect(definitionAfter(text, longForm)).toEqual({ shortForm: 'cis-RA', longForm })
  })

  it('gives null for a remark in parentheses or a form the long form does not spell', () => {
    expect(definitionAfter(text, span('saline'))).toBeNull()
    expect(definitionAfter(text, span('aspirin'))).toBeNull()
    expect(definitionAfter(text, span('Cells'))).toBeNull()
  })
})
