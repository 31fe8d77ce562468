// The `code` command end to end, through the real CLI process (CLI.md's JSON shape and exit codes).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { cliRunner } from '../cliRunner'
import type { CodedDocument } from '../../../src/shared/domain'
import { openStore } from '../../../src/main/store'

const home = mkdtempSync(join(tmpdir(), 'coder-cli-'))

const cli = cliRunner({ env: { CLINICAL_CODER_HOME: home } })

describe('code', () => {
  let documents: CodedDocument[] = []

  beforeAll(() => {
    const result = cli(
      'code',
      'examples/ed-knee.txt',
      'examples/discharge-summary.md',
      '--format',
      'json',
    )
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    documents = (JSON.parse(result.stdout) as { documents: CodedDocument[] }).documents
  }, 180_000)

  it('prints one document per note with CLI.md’s fields', () => {
    expect(documents.map((d) => d.id)).toEqual(['ed-knee.txt', 'discharge-summary.md'])
    for (const doc of documents) {
      for (const key of [
        'id',
        'path',
        'text',
        'sections',
        'chunks',
        'relations',
        'enriched',
        'suggestions',
      ]) {
        expect(doc).toHaveProperty(key)
      }
    }
  })

  it('gives offsets that slice the text to each chunk and section', () => {
    for (const doc of documents) {
      expect(doc.chunks.length).toBeGreaterThan(5)
      for (const chunk of doc.chunks)
        expect(doc.text.slice(chunk.start, chunk.end)).toBe(chunk.text)
      for (const section of doc.sections) expect(section.end).toBeGreaterThan(section.start)
    }
  })

  it('suggests ranked ICD-10 codes written with their dot, and none for negated chunks', () => {
    const [knee] = documents
    if (!knee) throw new Error('no document')
    expect(knee.suggestions.length).toBeGreaterThan(0)
    const cm = knee.suggestions.filter((s) => s.system === 'ICD-10-CM')
    expect(cm.every((s) => /^[A-Z]\d[0-9A-Z](\.[0-9A-Z]{1,4})?$/.test(s.code))).toBe(true)
    const firstRanks = knee.suggestions.filter((s) => s.rank === 1).length
    expect(firstRanks).toBeGreaterThan(0)
    const negated = new Set(knee.chunks.filter((c) => c.assertion === 'absent').map((c) => c.id))
    expect(negated.size).toBeGreaterThan(0)
    expect(knee.suggestions.some((s) => negated.has(s.chunk))).toBe(false)
  })
})

describe('code --db', () => {
  it('saves the coded notes in the project database for review', () => {
    const db = join(home, 'review.sqlite')
    const result = cli('--db', db, 'code', 'examples/radiology-chest-ct.txt', '--json')
    expect(result.status).toBe(0)
    const store = openStore(db)
    try {
      const [summary] = store.listDocuments()
      expect(summary?.name).toBe('radiology-chest-ct.txt')
      expect(summary?.suggestions).toBeGreaterThan(0)
      expect(
        store.getDocument(summary?.id ?? 0).suggestions.every((s) => s.decision === null),
      ).toBe(true)
    } finally {
      store.close()
    }
  }, 120_000)
})

describe('code on bad input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coder-bad-'))
  const binary = join(dir, 'scan.txt')
  const empty = join(dir, 'empty.txt')
  const noNotes = join(dir, 'no-notes')
  writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0, 1, 2, 3]))
  writeFileSync(empty, '')
  mkdirSync(noNotes)
  writeFileSync(join(noNotes, 'image.png'), 'x')

  it('says what is wrong with each file on stderr and exits 2, with nothing on stdout but the good notes', () => {
    const result = cli(
      'code',
      binary,
      empty,
      noNotes,
      join(dir, 'missing.txt'),
      'examples/ed-knee.txt',
      '--json',
    )
    expect(result.status).toBe(2)
    expect(result.stderr).toMatch(/\[E_FILE_BINARY\] .*scan\.txt/)
    expect(result.stderr).toMatch(/\[E_FILE_EMPTY\] .*empty\.txt/)
    expect(result.stderr).toMatch(/\[E_FOLDER_EMPTY\] .*no-notes/)
    expect(result.stderr).toMatch(/\[E_FILE_NOT_FOUND\] .*missing\.txt/)
    const out = JSON.parse(result.stdout) as { documents: CodedDocument[] }
    expect(out.documents.map((d) => d.id)).toEqual(['ed-knee.txt'])
  }, 120_000)

  it('refuses unknown options and formats with a one-line error and exit code 2', () => {
    const mode = cli('code', 'examples/ed-knee.txt', '--mode', 'slow')
    expect(mode.status).toBe(2)
    expect(mode.stderr.trim()).toMatch(/^\[E_OPTION\] .*--mode/)
    const systems = cli('code', 'examples/ed-knee.txt', '--systems', 'snomed')
    expect(systems.status).toBe(2)
    expect(systems.stderr).toMatch(/\[E_SYSTEM_UNKNOWN\]/)
  }, 120_000)
})
