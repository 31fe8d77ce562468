// Integration: the official FY2026 CMS order files from ../shared (skipped, with a message, where absent).
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTerminology, type TerminologyService } from '../../../src/main/terminology'

const SHARED = resolve(process.env.CODER_SHARED ?? '../shared')
const CM = join(SHARED, 'terminology/icd10cm/icd10cm_order_2026.txt.gz')
const PCS = join(SHARED, 'terminology/icd10pcs/icd10pcs_order_2026.txt.gz')
const present = existsSync(CM) && existsSync(PCS)
if (!present) {
  process.stderr.write(
    `skipping the official-release test: ${CM} or ${PCS} is absent (set CODER_SHARED)\n`,
  )
}

describe.skipIf(!present)('official FY2026 order files', () => {
  let dir: string
  let service: TerminologyService

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'terminology-official-'))
    service = openTerminology({
      dbPath: join(dir, 'index.sqlite'),
      resourcesDir: join(dir, 'none'),
    })
  })

  afterAll(() => {
    service?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('imports ICD-10-CM with the counts SOURCE.md gives', () => {
    const report = service.importRelease(CM)
    expect(report).toMatchObject({
      system: 'ICD-10-CM',
      release: 'FY2026',
      codes: 74_719,
      headers: 23_467,
    })
    const release = service.list().find((r) => r.system === 'ICD-10-CM')
    expect(release?.sha256).toBe('6dc95c9c7e96c734806e1682f4bf9df76251d60e99199bba0d375ba3dd11026b')
  }, 120_000)

  it('imports ICD-10-PCS with the counts SOURCE.md gives', () => {
    const report = service.importRelease(PCS)
    expect(report).toMatchObject({
      system: 'ICD-10-PCS',
      release: 'FY2026',
      codes: 79_115,
      headers: 914,
    })
    const release = service.list().find((r) => r.system === 'ICD-10-PCS')
    expect(release?.sha256).toBe('4ff173041491c6a68c13b8810f0e1968b6f0d00c3ecc1deac74f7ad3439dfcc1')
  }, 120_000)

  it('answers the sanity queries', () => {
    expect(service.search('pain in left knee')[0]?.code).toBe('M25.562')
    expect(service.search('essential hypertension')[0]?.code).toBe('I10')
    const diabetes = service.search('type 2 diabetes', { system: 'ICD-10-CM', limit: 3 })
    expect(diabetes.some((c) => c.code.startsWith('E11.'))).toBe(true)
    expect(service.search('appendectomy laparoscopic', { system: 'ICD-10-PCS' })[0]?.code).toBe(
      '0DTJ4ZZ',
    )
    expect(service.search('M25.562')[0]).toMatchObject({
      code: 'M25.562',
      parents: ['M25.56', 'M25.5', 'M25'],
    })
  })
})
