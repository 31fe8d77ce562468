// Label colours: stable slots for known labels, a slot in range for any other label.
import { describe, expect, it } from 'vitest'
import { LABEL_SLOTS, compareLabels, labelClass } from '../../../../src/renderer/src/lib/labels'

describe('labelClass', () => {
  it('gives known labels distinct fixed slots', () => {
    expect(labelClass('Problem')).toBe('label-0')
    expect(labelClass('BodyPart')).toBe('label-5')
    expect(labelClass('Problem')).not.toBe(labelClass('Symptom'))
  })

  it('hashes unknown labels into the stylesheet range, the same way every time', () => {
    const slot = Number(labelClass('Allergen').slice('label-'.length))
    expect(slot).toBeGreaterThanOrEqual(0)
    expect(slot).toBeLessThan(LABEL_SLOTS)
    expect(labelClass('Allergen')).toBe(labelClass('Allergen'))
  })

  it('orders the legend: known labels first in their order, then others by name', () => {
    expect(['Zed', 'BodyPart', 'Alpha', 'Problem'].sort(compareLabels)).toEqual([
      'Problem',
      'BodyPart',
      'Alpha',
      'Zed',
    ])
  })
})
