// Unit (issue 4): the release diff, codes added, deleted and re-described with their descriptions.
import { describe, expect, it } from 'vitest'
import { diffReleases } from '../../../../src/main/terminology/releaseDiff'

describe('diffReleases', () => {
  const before = new Map([
    ['M25.562', 'Pain in left knee'],
    ['A00.0', 'Cholera due to Vibrio cholerae 01, biovar cholerae'],
    ['I10', 'Hypertension'],
    ['E11.9', 'Type 2 diabetes mellitus without complications'],
  ])
  const after = new Map([
    ['M25.562', 'Pain in left knee'],
    ['I10', 'Essential (primary) hypertension'],
    ['U07.1', 'COVID-19'],
    ['E11.9', 'Type 2 diabetes mellitus without complications'],
    ['B34.2', 'Coronavirus infection, unspecified'],
  ])

  it('lists each change once, in code order, with the descriptions before and after', () => {
    const diff = diffReleases('FY2025', before, after)
    expect(diff.previousRelease).toBe('FY2025')
    expect(diff.added).toEqual(['B34.2', 'U07.1'])
    expect(diff.deleted).toEqual(['A00.0'])
    expect(diff.redescribed).toEqual(['I10'])
    expect(diff.details).toEqual({
      added: [
        { code: 'B34.2', before: null, after: 'Coronavirus infection, unspecified' },
        { code: 'U07.1', before: null, after: 'COVID-19' },
      ],
      deleted: [
        {
          code: 'A00.0',
          before: 'Cholera due to Vibrio cholerae 01, biovar cholerae',
          after: null,
        },
      ],
      redescribed: [
        { code: 'I10', before: 'Hypertension', after: 'Essential (primary) hypertension' },
      ],
    })
  })

  it('is empty for the same release, and all added against nothing', () => {
    const same = diffReleases('FY2026', after, after)
    expect([same.added, same.deleted, same.redescribed]).toEqual([[], [], []])
    const fresh = diffReleases('none', new Map(), before)
    expect(fresh.added).toHaveLength(4)
    expect(fresh.details.added.every((entry) => entry.before === null)).toBe(true)
  })
})
