// Note import: listing note files, decoding every supported encoding, refusing bad files.
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeNote, listNotes, readNote } from '../../../../src/main/pipeline'
import type { ErrorCode } from '../../../../src/shared/errors'

let dir = ''
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'coder-import-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function write(name: string, bytes: Uint8Array | string): string {
  const path = join(dir, name)
  mkdirSync(join(path, '..'), { recursive: true })
  writeFileSync(path, bytes)
  return path
}

function codeOf(run: () => unknown): ErrorCode | undefined {
  try {
    run()
  } catch (error) {
    return (error as { code?: ErrorCode }).code
  }
  return undefined
}

const bytes = (...values: number[]) => new Uint8Array(values)
const utf16le = (text: string) => new Uint8Array(Buffer.from(text, 'utf16le'))
const utf16be = (text: string) => new Uint8Array(Buffer.from(text, 'utf16le').swap16())

describe('decodeNote', () => {
  it('reads UTF-8 as is, keeping CRLF and non-ASCII', () => {
    const text = 'Pain in the left knee.\r\nCafé — 5 mg\n'
    expect(decodeNote(new TextEncoder().encode(text), 'a.txt')).toEqual({ text, encoding: 'utf-8' })
  })

  it('strips a UTF-8 BOM and nothing else', () => {
    const decoded = decodeNote(bytes(0xef, 0xbb, 0xbf, 0x41, 0x20, 0x42), 'a.txt')
    expect(decoded).toEqual({ text: 'A B', encoding: 'utf-8' })
  })

  it('reads UTF-16 LE and BE when the BOM says so', () => {
    const text = 'Knee pain, café.'
    const le = decodeNote(new Uint8Array([0xff, 0xfe, ...utf16le(text)]), 'a.txt')
    const be = decodeNote(new Uint8Array([0xfe, 0xff, ...utf16be(text)]), 'a.txt')
    expect(le).toEqual({ text, encoding: 'utf-16le' })
    expect(be).toEqual({ text, encoding: 'utf-16be' })
  })

  it('falls back to Latin-1 (windows-1252) when the bytes are not UTF-8', () => {
    // "café – ok" in windows-1252: é = E9, en dash = 96.
    const decoded = decodeNote(bytes(0x63, 0x61, 0x66, 0xe9, 0x20, 0x96, 0x20, 0x6f, 0x6b), 'a.txt')
    expect(decoded).toEqual({ text: 'café – ok', encoding: 'latin1' })
  })

  it('refuses NUL bytes without a UTF-16 BOM as binary', () => {
    expect(codeOf(() => decodeNote(bytes(0x41, 0x00, 0x42, 0x00), 'a.txt'))).toBe('E_FILE_BINARY')
  })

  it('refuses text full of control characters as binary', () => {
    const noisy = new Uint8Array(200).map((_, i) => (i % 10 === 0 ? 0x01 : 0x41))
    expect(codeOf(() => decodeNote(noisy, 'a.txt'))).toBe('E_FILE_BINARY')
  })

  it('refuses a broken UTF-16 file as an encoding error', () => {
    // A lone high surrogate cannot be decoded.
    expect(codeOf(() => decodeNote(bytes(0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00), 'a.txt'))).toBe(
      'E_FILE_ENCODING',
    )
  })

  it('refuses empty and whitespace-only notes', () => {
    expect(codeOf(() => decodeNote(bytes(), 'a.txt'))).toBe('E_FILE_EMPTY')
    expect(codeOf(() => decodeNote(new TextEncoder().encode(' \n\t\r\n'), 'a.txt'))).toBe(
      'E_FILE_EMPTY',
    )
    expect(codeOf(() => decodeNote(bytes(0xef, 0xbb, 0xbf), 'a.txt'))).toBe('E_FILE_EMPTY')
  })
})

describe('readNote', () => {
  it('makes a document whose id is the file name, with sections', () => {
    const path = write('ed-knee.txt', 'HPI: left knee pain.\n\nPLAN: ice.\n')
    const document = readNote(path)
    expect(document.id).toBe('ed-knee.txt')
    expect(document.path).toBe(path)
    expect(document.encoding).toBe('utf-8')
    expect(document.sections.map((s) => s.name)).toEqual(['HPI', 'PLAN'])
    expect(Object.isFrozen(document)).toBe(true)
  })

  it('refuses a file over 5 MB from its size alone (sparse 50 MB file)', () => {
    const path = write('huge.txt', '')
    truncateSync(path, 50 * 1024 * 1024)
    expect(codeOf(() => readNote(path))).toBe('E_FILE_TOO_LARGE')
    try {
      readNote(path)
    } catch (error) {
      expect((error as Error).message).toContain('50.0 MB')
    }
  })

  it('refuses missing files, folders and other types', () => {
    expect(codeOf(() => readNote(join(dir, 'missing.txt')))).toBe('E_FILE_NOT_FOUND')
    expect(codeOf(() => readNote(dir))).toBe('E_FILE_TYPE')
    expect(codeOf(() => readNote(write('scan.pdf', '%PDF-1.4')))).toBe('E_FILE_TYPE')
  })
})

describe('listNotes', () => {
  it('lists files as given and folders recursively, sorted, .txt and .md only', () => {
    const folder = join(dir, 'notes')
    write('notes/b.txt', 'b')
    write('notes/a.md', 'a')
    write('notes/sub/c.TXT', 'c')
    write('notes/skip.pdf', 'x')
    write('notes/.hidden/d.txt', 'd')
    const single = write('single.md', 's')
    expect(listNotes([single, folder])).toEqual([
      single,
      join(folder, 'a.md'),
      join(folder, 'b.txt'),
      join(folder, 'sub', 'c.TXT'),
    ])
  })

  it('says which rule a path breaks', () => {
    mkdirSync(join(dir, 'empty'), { recursive: true })
    write('empty/readme.pdf', 'x')
    expect(codeOf(() => listNotes([join(dir, 'empty')]))).toBe('E_FOLDER_EMPTY')
    expect(codeOf(() => listNotes([join(dir, 'nope')]))).toBe('E_FILE_NOT_FOUND')
    expect(codeOf(() => listNotes([write('x.docx', 'x')]))).toBe('E_FILE_TYPE')
  })
})
