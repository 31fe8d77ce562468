// Assertion wording: tooltips name the cue, and only patient conditions are proposed.
import { describe, expect, it } from 'vitest'
import {
  assertionName,
  describeAssertion,
  describeChunk,
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

  it('describes a chunk by label, confidence and assertion, as the note and graph show it', () => {
    const cue = { start: 0, end: 6, text: 'denies' }
    expect(
      describeChunk({
        label: 'Symptom',
        confidence: 0.914,
        assertion: 'absent',
        assertionCue: cue,
      }),
    ).toBe("Symptom (91%) · negated by 'denies'")
    expect(
      describeChunk({ label: 'Drug', confidence: 1, assertion: 'present', assertionCue: null }),
    ).toBe('Drug (100%)')
  })
})
