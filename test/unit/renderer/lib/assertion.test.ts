// Assertion wording: tooltips name the cue, and only patient conditions are proposed.
import { describe, expect, it } from 'vitest'
import {
  assertionName,
  describeAssertion,
  isPatientCondition,
} from '../../../../src/renderer/src/lib/assertion'

describe('assertion wording', () => {
  it('names the negation cue in the tooltip', () => {
    expect(describeAssertion('absent', { text: 'denies' })).toBe("negated by 'denies'")
    expect(describeAssertion('family', { text: 'mother' })).toBe("attributed to family by 'mother'")
  })

  it('says nothing for present chunks and names the status without a cue', () => {
    expect(describeAssertion('present', { text: 'has' })).toBeNull()
    expect(describeAssertion('possible', null)).toBe('possible')
    expect(assertionName('absent')).toBe('negated')
  })

  it('proposes present, possible and historical chunks only', () => {
    expect(isPatientCondition('present')).toBe(true)
    expect(isPatientCondition('possible')).toBe(true)
    expect(isPatientCondition('historical')).toBe(true)
    expect(isPatientCondition('absent')).toBe(false)
    expect(isPatientCondition('hypothetical')).toBe(false)
    expect(isPatientCondition('family')).toBe(false)
  })
})
