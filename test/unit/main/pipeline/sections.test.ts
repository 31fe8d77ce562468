// Sections: which lines are headers, and the spans they head.
import { describe, expect, it } from 'vitest'
import { findSections } from '../../../../src/main/pipeline'

const NOTE = [
  'Patient: J. Doe', //                   0  (not a header: unknown and not in capitals)
  'HISTORY OF PRESENT ILLNESS', //      16
  'Left knee pain. BP: 120/80', //       43 (BP is no header)
  '', //
  'Past Medical History: diabetes.', //  71
  '## Plan', //                         103
  'Ice and rest.', //                   111
  'ASSESSMENT AND PLAN:   ', //          125
  '   sprain', //
].join('\n')

describe('findSections', () => {
  it('finds capital, known and markdown headers, each up to the next one', () => {
    const sections = findSections(NOTE)
    expect(sections).toEqual([
      { name: 'HISTORY OF PRESENT ILLNESS', start: 16, end: 69 },
      { name: 'PAST MEDICAL HISTORY', start: 71, end: 102 },
      { name: 'PLAN', start: 103, end: 124 },
      { name: 'ASSESSMENT AND PLAN', start: 125, end: NOTE.length },
    ])
    expect(NOTE.slice(16, 42)).toBe('HISTORY OF PRESENT ILLNESS')
    expect(NOTE.slice(125, 144)).toBe('ASSESSMENT AND PLAN')
  })

  it('keeps offsets with CRLF line ends and indented headers', () => {
    const text = 'CC: cough\r\n  Family History:\r\nMother: asthma\r\n'
    const sections = findSections(text)
    expect(sections.map((s) => s.name)).toEqual(['CC', 'FAMILY HISTORY'])
    expect(text.slice(sections[1]?.start, sections[1]?.end)).toBe(
      'Family History:\r\nMother: asthma',
    )
  })

  it('does not take findings, short or lower-case lines for headers', () => {
    const text = 'BP: 120/80\nHEENT: normal\nknee pain:\nCT\nLEFT KNEE SPRAIN\nCHEST PAIN: 2 days\n'
    expect(findSections(text)).toEqual([])
  })

  it('takes unknown capitalised lines with a header word', () => {
    expect(
      findSections('LABS AND IMAGING\nNormal.\nOPERATIVE REPORT: done').map((s) => s.name),
    ).toEqual(['LABS AND IMAGING', 'OPERATIVE REPORT'])
  })

  it('takes a note’s title line for a header, so NER never tags it (issue 3: "EMERGENCY DEPARTMENT NOTE")', () => {
    expect(
      findSections('EMERGENCY DEPARTMENT NOTE\n\nCHIEF COMPLAINT:\nKnee pain.').map((s) => s.name),
    ).toEqual(['EMERGENCY DEPARTMENT NOTE', 'CHIEF COMPLAINT'])
  })
})
