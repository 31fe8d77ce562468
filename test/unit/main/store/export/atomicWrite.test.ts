import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CoderError } from '../../../../../src/shared/errors'
import { writeFileAtomic } from '../../../../../src/main/store/export/atomicWrite'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-atomic-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('writeFileAtomic', () => {
  it('writes the content, returns its UTF-8 size and leaves no temp file', () => {
    const target = join(dir, 'out.csv')
    expect(writeFileAtomic(target, 'knee \u{1F9B5}\n')).toBe(10)
    expect(readFileSync(target, 'utf8')).toBe('knee \u{1F9B5}\n')
    expect(readdirSync(dir)).toEqual(['out.csv'])
  })

  it('replaces an existing file whole', () => {
    const target = join(dir, 'out.json')
    writeFileSync(target, 'old content that is longer than the new one')
    writeFileAtomic(target, '{}')
    expect(readFileSync(target, 'utf8')).toBe('{}')
    expect(readdirSync(dir)).toEqual(['out.json'])
  })

  it('fails with E_FILE_WRITE when the folder is missing', () => {
    const missing = join(dir, 'no-such-folder', 'out.csv')
    expect(() => writeFileAtomic(missing, 'x')).toThrow(CoderError)
    expect(() => writeFileAtomic(missing, 'x')).toThrow(/Cannot write .*folder does not exist/)
    expect(readdirSync(dir)).toEqual([])
  })

  it('removes its temp file when the final rename fails', () => {
    // A folder where the file should go: the temp file is written, then the rename is refused.
    const occupied = join(dir, 'occupied')
    mkdirSync(occupied)
    expect(() => writeFileAtomic(occupied, 'x')).toThrow(/Cannot write .*occupied/)
    expect(readdirSync(dir)).toEqual(['occupied'])
  })
})
