// Unit: which importer a file goes to, from its name or, for hp.json and RF2 concept files, its first bytes.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { releaseFileKind } from '../../../../src/main/terminology/releaseKinds'
import { LOINC_CSV, RXNCONSO, SNOMED_CONCEPTS } from './licensedFixtures'

const FIXTURES = resolve('test/fixtures/terminology')
const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function temp(name: string, content: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'kinds-'))
  dirs.push(dir)
  writeFileSync(join(dir, name), content)
  return join(dir, name)
}

describe('releaseFileKind', () => {
  it('knows each official file by its name', () => {
    expect(releaseFileKind(join(FIXTURES, 'icd10cm_order_2026.txt'))).toBe('order')
    expect(releaseFileKind('/x/HCPC2025_OCT_ANWEB.xlsx')).toBe('hcpcs')
    expect(releaseFileKind(join(FIXTURES, 'hpo', 'hp.json'))).toBe('hpo')
    expect(releaseFileKind(SNOMED_CONCEPTS)).toBe('snomed')
    expect(releaseFileKind(RXNCONSO)).toBe('rxnorm')
    expect(releaseFileKind(LOINC_CSV)).toBe('loinc')
    expect(releaseFileKind(join(FIXTURES, 'custom', 'woundcodes_v1.csv'))).toBe('csv')
  })

  it('knows hp.json (plain or gzip) and an RF2 concept file by content under other names', () => {
    const json = readFileSync(join(FIXTURES, 'hpo', 'hp.json'))
    expect(releaseFileKind(temp('phenotypes.dat', json))).toBe('hpo')
    expect(releaseFileKind(temp('phenotypes.gz', gzipSync(json)))).toBe('hpo')
    const dir = mkdtempSync(join(tmpdir(), 'kinds-'))
    dirs.push(dir)
    copyFileSync(SNOMED_CONCEPTS, join(dir, 'concepts.txt'))
    expect(releaseFileKind(join(dir, 'concepts.txt'))).toBe('snomed')
  })
})
