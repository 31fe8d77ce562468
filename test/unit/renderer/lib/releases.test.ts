// The Systems screen's pure views: releases grouped by system, progress in words, diff pages.
import { describe, expect, it } from 'vitest'
import type { ReleaseDiff, SystemRelease } from '../../../../src/shared/ipc'
import {
  describeProgress,
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
  const diff: ReleaseDiff = {
    previousRelease: 'FY2025',
    added: ['M25.561', 'M25.562', 'S72.92XA', 'm99.1'],
    deleted: ['A00.0'],
    redescribed: [],
  }

  it('filters codes by a substring in any case and cuts the page', () => {
    expect(diffPage(diff, 'added', 'm', 2)).toEqual({ codes: ['M25.561', 'M25.562'], matching: 3 })
    expect(diffPage(diff, 'added', ' s72 ', 10)).toEqual({ codes: ['S72.92XA'], matching: 1 })
    expect(diffPage(diff, 'deleted', '', 10)).toEqual({ codes: ['A00.0'], matching: 1 })
    expect(diffPage(diff, 'redescribed', '', 10)).toEqual({ codes: [], matching: 0 })
  })
})
