// Release imports on their worker thread against a real index: reports, progress, the diff against
// the previous release, one import at a time, and a malformed file that leaves the index as it was.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createReleaseImporter, type ReleaseImporter } from '../../../src/main/releaseImporter'
import type { ReleaseImportProgress } from '../../../src/main/releaseImportTask'
import { openTerminology } from '../../../src/main/terminology'
import { WOUND_CODES_V2_DIFF } from '../../fixtures/terminology/custom/woundCodesDiff'

const CUSTOM = resolve('test/fixtures/terminology/custom')
const ORDER_CM = resolve('test/fixtures/terminology/icd10cm_order_2026.txt')

describe('the release importer (worker thread)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coder-release-import-'))
  const terminologyDb = join(dir, 'terminology.sqlite')
  // No manifest here: the index starts empty instead of being built from the shipped code sets.
  const resourcesDir = join(dir, 'no-resources')
  let importer: ReleaseImporter

  const releases = () => {
    const service = openTerminology({ dbPath: terminologyDb, resourcesDir })
    try {
      return service
        .list()
        .map((r) => `${r.system} ${r.release} ${r.isCurrent ? 'current' : 'kept'}`)
    } finally {
      service.close()
    }
  }

  beforeAll(() => {
    importer = createReleaseImporter({ terminologyDb, resourcesDir })
  })
  afterAll(async () => importer.close())

  it('imports a custom CSV, reporting each phase in order, ending each at its total', async () => {
    const events: ReleaseImportProgress[] = []
    const reports = await importer.importReleases(join(CUSTOM, 'woundcodes_v1.csv'), {
      system: 'Wound Codes',
      onProgress: (progress) => events.push(progress),
    })
    expect(reports.map((r) => [r.system, r.release, r.codes, r.diff])).toEqual([
      ['Wound Codes', 'woundcodes_v1', 3, undefined],
    ])
    const phases = [...new Set(events.map((e) => e.phase))]
    expect(phases).toEqual(['read', 'prepare', 'write', 'index'])
    for (const phase of phases) {
      const last = events.filter((e) => e.phase === phase).at(-1)
      expect(last?.done, phase).toBe(last?.total)
    }
    expect(events.find((e) => e.phase === 'write')?.total).toBe(3)
    expect(events.every((e) => e.file === 1 && e.files === 1)).toBe(true)
    expect(releases()).toEqual(['Wound Codes woundcodes_v1 current'])
  }, 60_000)

  it('reports the diff against the previous release and keeps that release', async () => {
    const [report] = await importer.importReleases(join(CUSTOM, 'woundcodes_v2.csv'), {
      system: 'wound codes',
    })
    expect(report?.system).toBe('Wound Codes')
    expect(report?.diff).toEqual(WOUND_CODES_V2_DIFF)
    expect(report?.keptReleases).toEqual(['woundcodes_v1'])
    expect(releases()).toEqual([
      'Wound Codes woundcodes_v2 current',
      'Wound Codes woundcodes_v1 kept',
    ])
  }, 60_000)

  it('rejects a malformed file with its line and leaves the index as it was', async () => {
    const before = releases()
    await expect(
      importer.importReleases(join(CUSTOM, 'broken_fields.csv'), { system: 'Wound Codes' }),
    ).rejects.toMatchObject({ code: 'E_RELEASE_MALFORMED', message: /broken_fields\.csv.*line 3/ })
    await expect(importer.importReleases(join(dir, 'missing.txt'))).rejects.toMatchObject({
      code: 'E_FILE_NOT_FOUND',
    })
    expect(releases()).toEqual(before)
  }, 60_000)

  it('runs two imports one after the other, both to the end', async () => {
    const [first, second] = await Promise.all([
      importer.importReleases(ORDER_CM),
      importer.importReleases(join(CUSTOM, 'woundcodes_v1.csv'), { system: 'Wound Codes' }),
    ])
    expect(first?.map((r) => r.system)).toEqual(['ICD-10-CM'])
    expect(second?.map((r) => [r.release, r.diff?.previousRelease])).toEqual([
      ['woundcodes_v1', 'woundcodes_v2'],
    ])
  }, 60_000)
})
