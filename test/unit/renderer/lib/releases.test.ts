// The Systems screen's pure views: releases grouped by system, progress in words, diff pages.
import { describe, expect, it } from 'vitest'
import type { ReleaseDiff, SystemRelease } from '../../../../src/shared/ipc'
import {
  describeProgress,
  diffSources,
  diffPage,
  groupBySystem,
  type ImportProgressEvent,
} from '../../../../src/renderer/src/lib/releases'

function release(
  system: string,
  name: string,
  isCurrent: boolean,
  importedAt: string,
): SystemRelease {
  return {
    system,
    release: name,
    version: 'unknown',
    codes: 3,
    billable: 3,
    headers: 0,
    indexTerms: 0,
    importedAt,
    source: `${name}.csv`,
    isCurrent,
  }
}

const event = (patch: Partial<ImportProgressEvent>): ImportProgressEvent => ({
  path: '/r/icd10cm_order_2026.txt.gz',
  file: 1,
  files: 1,
  phase: 'write',
  done: 0,
  total: 10,
  ...patch,
})

describe('groupBySystem', () => {
  it('puts each system once, current release first, kept ones newest first', () => {
    const groups = groupBySystem([
      release('ICD-10-CM', 'FY2026', true, '2026-01-01T00:00:00Z'),
      release('Wound', 'v3', true, '2026-03-01T00:00:00Z'),
      release('Wound', 'v1', false, '2026-01-01T00:00:00Z'),
      release('Wound', 'v2', false, '2026-02-01T00:00:00Z'),
    ])
    expect(
      groups.map((g) => [g.system, g.current?.release ?? null, g.kept.map((r) => r.release)]),
    ).toEqual([
      ['ICD-10-CM', 'FY2026', []],
      ['Wound', 'v3', ['v2', 'v1']],
    ])
  })

  it('keeps a system whose only rows are kept releases, with no current one', () => {
    const [group] = groupBySystem([release('Wound', 'v1', false, '2026-01-01T00:00:00Z')])
    expect(group?.current).toBeNull()
    expect(group?.kept.map((r) => r.release)).toEqual(['v1'])
  })
})

describe('describeProgress', () => {
  it('counts rows while preparing and writing, as a fraction of the phase', () => {
    expect(describeProgress(event({ phase: 'write', done: 86_016, total: 229_208 }))).toEqual({
      label: 'Writing rows 86,016 of 229,208…',
      step: 'Step 3 of 4',
      fraction: 86_016 / 229_208,
    })
    expect(describeProgress(event({ phase: 'prepare', done: 5, total: 10 })).fraction).toBe(0.5)
  })

  it('shows reading and index building as indeterminate until they end', () => {
    expect(
      describeProgress(event({ phase: 'read', done: 0, total: 1_410_911 })).fraction,
    ).toBeNull()
    expect(describeProgress(event({ phase: 'read', done: 10, total: 10 })).fraction).toBe(1)
    const index = describeProgress(event({ phase: 'index', done: 0, total: 1 }))
    expect(index).toEqual({
      label: 'Building the search index…',
      step: 'Step 4 of 4',
      fraction: null,
    })
  })

  it('names the file among several, and never exceeds a full bar', () => {
    const view = describeProgress(event({ file: 2, files: 3, done: 12, total: 10 }))
    expect(view.step).toBe('Step 3 of 4 · file 2 of 3')
    expect(view.fraction).toBe(1)
  })
})

describe('diffPage', () => {
  const added = (code: string, after: string) => ({ code, before: null, after })
  const diff: ReleaseDiff = {
    previousRelease: 'FY2025',
    added: ['M25.561', 'M25.562', 'S72.92XA', 'm99.1'],
    deleted: ['A00.0'],
    redescribed: ['I10'],
    details: {
      added: [
        added('M25.561', 'Pain in right knee'),
        added('M25.562', 'Pain in left knee'),
        added('S72.92XA', 'Unspecified fracture of left femur, initial encounter'),
        added('m99.1', 'Subluxation complex (vertebral)'),
      ],
      deleted: [{ code: 'A00.0', before: 'Cholera due to Vibrio cholerae 01', after: null }],
      redescribed: [
        { code: 'I10', before: 'Hypertension', after: 'Essential (primary) hypertension' },
      ],
    },
  }
  const codes = (page: ReturnType<typeof diffPage>) => page.entries.map((entry) => entry.code)

  it('filters codes by a substring in any case and cuts the page', () => {
    const page = diffPage(diff, 'added', 'm', 2)
    expect(codes(page)).toEqual(['M25.561', 'M25.562'])
    // "m" is in M25.561, M25.562, m99.1 and in "femur" and "complex": all four.
    expect(page.matching).toBe(4)
    expect(diffPage(diff, 'added', 'm2', 1)).toEqual({
      entries: [diff.details.added[0]],
      matching: 2,
    })
    expect(codes(diffPage(diff, 'added', ' s72 ', 10))).toEqual(['S72.92XA'])
    expect(diffPage(diff, 'deleted', '', 10).entries).toEqual([diff.details.deleted[0]])
  })

  it('filters by the description before or after, and keeps both in each entry', () => {
    expect(codes(diffPage(diff, 'added', 'LEFT', 10))).toEqual(['M25.562', 'S72.92XA'])
    expect(codes(diffPage(diff, 'deleted', 'cholera', 10))).toEqual(['A00.0'])
    expect(diffPage(diff, 'redescribed', 'essential', 10).entries).toEqual([
      { code: 'I10', before: 'Hypertension', after: 'Essential (primary) hypertension' },
    ])
    // The old description finds a re-described code too.
    expect(codes(diffPage(diff, 'redescribed', 'hypertension', 10))).toEqual(['I10'])
    expect(diffPage(diff, 'redescribed', 'knee', 10)).toEqual({ entries: [], matching: 0 })
  })
})

describe('diffSources', () => {
  const diff: ReleaseDiff = {
    previousRelease: 'v1',
    added: [],
    deleted: [],
    redescribed: [],
    details: { added: [], deleted: [], redescribed: [] },
  }
  const newSystem = {
    system: 'Wound Codes',
    release: 'v2',
    version: 'unknown',
    codes: 2,
    billable: 2,
    headers: 0,
    indexTerms: 0,
    seconds: 0.1,
  }
  const report = { ...newSystem, diff }
  const kept = [
    { system: 'HCPCS', release: '2026-01', diff: { ...diff, previousRelease: '2025-10' } },
  ]

  it("lists this session's import first, with its report", () => {
    expect(diffSources([report], kept)).toEqual([
      { system: 'Wound Codes', release: 'v2', report, diff },
    ])
    expect(diffSources([newSystem], kept)[0]?.diff).toBeNull()
  })

  it('falls back to the kept releases diffs (after a restart), without a report', () => {
    expect(diffSources(null, kept)).toEqual([
      { system: 'HCPCS', release: '2026-01', report: null, diff: kept[0]?.diff },
    ])
    expect(diffSources([], [])).toEqual([])
  })
})
