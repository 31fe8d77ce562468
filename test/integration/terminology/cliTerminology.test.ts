// Integration: the `terminology` CLI commands over a real index built from the test fixtures.
import { Command } from 'commander'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { registerTerminologyCommands } from '../../../src/cli/terminology'
import { openTerminology } from '../../../src/main/terminology'

const FIXTURES = resolve('test/fixtures/terminology')
let dir: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'terminology-cli-'))
})

afterEach(() => {
  vi.restoreAllMocks()
  rmSync(dir, { recursive: true, force: true })
})

/** Runs one CLI command line and returns what it wrote to stdout. */
async function run(...args: string[]): Promise<string> {
  const program = new Command().exitOverride()
  registerTerminologyCommands(program, () =>
    openTerminology({ dbPath: join(dir, 'index.sqlite'), resourcesDir: join(dir, 'none') }),
  )
  const written: string[] = []
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk))
    return true
  })
  try {
    await program.parseAsync(['node', 'cli', ...args])
  } finally {
    vi.restoreAllMocks()
  }
  return written.join('')
}

describe('terminology commands', () => {
  it('imports a folder, lists and searches, with JSON on stdout', async () => {
    const imported = JSON.parse(await run('terminology', 'import', FIXTURES, '--json'))
    // The fixtures folder holds one release of each format the importer detects.
    expect(imported.map((r: { system: string; codes: number }) => [r.system, r.codes])).toEqual([
      ['HPO', 10],
      ['ICD-10-CM', 12],
      ['ICD-10-PCS', 7],
      ['LOINC', 5],
      ['RxNorm', 6],
      ['SNOMED CT', 9],
    ])
    const listed = JSON.parse(await run('terminology', 'list', '--json'))
    expect(listed.map((r: { system: string }) => r.system)).toEqual([
      'HPO',
      'ICD-10-CM',
      'ICD-10-PCS',
      'LOINC',
      'RxNorm',
      'SNOMED CT',
    ])
    const found = JSON.parse(
      await run(
        'terminology',
        'search',
        'pain in left knee',
        '--system',
        'ICD-10-CM',
        '--limit',
        '2',
        '--json',
      ),
    )
    expect(found).toHaveLength(2)
    expect(found[0]).toMatchObject({ system: 'ICD-10-CM', code: 'M25.562', billable: true })
    expect(found[0].score).toBeGreaterThan(0)
  })

  it('prints a readable table without --json', async () => {
    await run('terminology', 'import', join(FIXTURES, 'icd10cm_order_2026.txt'))
    const table = await run('terminology', 'search', 'HTN')
    expect(table.split('\n')[0]).toMatch(/^rank\s+system\s+code/)
    expect(table).toContain('I10')
  })

  it('lists what a newer release added, deleted and re-described, with descriptions', async () => {
    const custom = join(FIXTURES, 'custom')
    await run('terminology', 'import', join(custom, 'woundcodes_v1.csv'), '--system', 'Wound Codes')
    const text = await run(
      'terminology',
      'import',
      join(custom, 'woundcodes_v2.csv'),
      '--system',
      'Wound Codes',
    )
    expect(text.split('\n')[0]).toMatch(/^system\s+release.*added\s+deleted\s+redescribed/)
    expect(text).toContain(
      [
        'Wound Codes woundcodes_v1 → woundcodes_v2:',
        '  + WND-3  Negative pressure wound therapy',
        '  - WND-2  Complex wound dressing, with debridement',
        '  ~ WND-1  Simple wound dressing → Simple wound dressing (single layer)',
      ].join('\n'),
    )
    await run('terminology', 'import', join(custom, 'woundcodes_v1.csv'), '--system', 'Wound Codes')
    const json = JSON.parse(
      await run(
        'terminology',
        'import',
        join(custom, 'woundcodes_v2.csv'),
        '--system',
        'Wound Codes',
        '--json',
      ),
    )
    expect(json.diff.redescribed).toEqual(['WND-1'])
    expect(json.diff.details.deleted).toEqual([
      { code: 'WND-2', before: 'Complex wound dressing, with debridement', after: null },
    ])
  })

  it('throws coded errors for bad options', async () => {
    await expect(run('terminology', 'search', 'knee', '--limit', '0')).rejects.toMatchObject({
      code: 'E_OPTION',
    })
    await expect(run('terminology', 'search', 'knee', '--system', 'snomed')).rejects.toMatchObject({
      code: 'E_SYSTEM_UNKNOWN',
    })
  })
})
