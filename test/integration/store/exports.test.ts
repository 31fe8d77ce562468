import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CoderError } from '../../../src/shared/errors'
import type { DocumentView } from '../../../src/shared/ipc'
import { CSV_COLUMNS, type Summary } from '../../../src/main/store/export/summary'
import { META, NOTE_PATH, NOTE_TEXT, codedNote } from '../../unit/main/store/codedNote'
import { countRows, createTempStore, type TempStore } from './tempStore'

let t: TempStore
let doc: DocumentView
beforeEach(() => {
  t = createTempStore()
  doc = t.store.saveCoded(codedNote(), META)
  const [kneeLeft, kneeAny, pain, fever, gout] = doc.suggestions
  t.store.decide(gout!.id, 'accept', 'ana')
  t.store.decide(kneeLeft!.id, 'accept', 'ana')
  t.store.decide(kneeAny!.id, 'reject', 'ana')
  t.store.decide(pain!.id, 'accept', 'ana')
  t.store.decide(pain!.id, 'reject', 'ben')
  expect(fever!.decision).toBeNull()
})
afterEach(() => t.dispose())

const exportRows = () =>
  t.raw.prepare("SELECT detail FROM audit WHERE action = 'export.write'").pluck().all()

describe('exportSummary', () => {
  it('exports the accepted codes as CSV in document order, with evidence offsets', () => {
    const result = t.store.exportSummary(doc.id, 'csv')
    expect(result.codes).toBe(2)
    expect(result.defaultName).toBe('ed-knee.codes.csv')
    const rows = parse(result.content, { columns: true }) as Record<string, string>[]
    expect(Object.keys(rows[0]!)).toEqual([...CSV_COLUMNS])
    expect(rows.map((r) => [r.code, r.basis, r.chunkText, r.evidence, r.start, r.end])).toEqual([
      ['M25.562', 'enriched', 'left knee pain', 'pain', '18', '22'],
      ['M10.9', 'base', 'gout', 'gout', '90', '94'],
    ])
    expect(rows[1]).toMatchObject({
      document: 'ed-knee.txt',
      path: NOTE_PATH,
      system: 'ICD-10-CM',
      description: 'Gout, unspecified',
      billable: 'true',
      label: 'Problem',
      assertion: 'family',
      score: '0.9',
      coder: 'ana',
    })
    for (const row of rows) {
      expect(NOTE_TEXT.slice(Number(row.start), Number(row.end))).toBe(row.evidence)
      expect(Date.parse(row.decidedAt!)).not.toBeNaN()
    }
  })

  it('exports JSON as {document, exportedAt, codes}', () => {
    const result = t.store.exportSummary(doc.id, 'json')
    const json = JSON.parse(result.content) as Summary
    expect(result.defaultName).toBe('ed-knee.codes.json')
    expect(json.document).toEqual({
      id: doc.id,
      name: 'ed-knee.txt',
      path: NOTE_PATH,
      sha256: META.sha256,
    })
    expect(Date.parse(json.exportedAt)).not.toBeNaN()
    expect(json.codes.map((c) => c.code)).toEqual(['M25.562', 'M10.9'])
    expect(json.codes[0]).toMatchObject({
      billable: true,
      score: 0.93,
      start: 18,
      end: 22,
      label: 'Symptom',
    })
  })

  it('follows the latest decision: a code un-accepted later is not exported', () => {
    t.store.decide(doc.suggestions[0]!.id, 'reject', 'ben')
    const json = JSON.parse(t.store.exportSummary(doc.id, 'json').content) as Summary
    expect(json.codes.map((c) => c.code)).toEqual(['M10.9'])
  })

  it('answers E_NOT_FOUND for an unknown document', () => {
    expect(() => t.store.exportSummary(77, 'csv')).toThrow(/No document with id 77/)
  })
})

describe('writeExport', () => {
  it('writes exactly the summary, atomically, and audits it', () => {
    const target = join(t.dir, 'out', '..', 'knee.csv')
    const result = t.store.writeExport(doc.id, 'csv', target)
    expect(result).toEqual({
      path: join(t.dir, 'knee.csv'),
      format: 'csv',
      codes: 2,
      bytes: Buffer.byteLength(readFileSync(result.path)),
    })
    expect(readFileSync(result.path, 'utf8')).toBe(t.store.exportSummary(doc.id, 'csv').content)
    expect(readdirSync(t.dir).filter((name) => name.endsWith('.tmp'))).toEqual([])
    expect(exportRows()).toEqual([JSON.stringify({ format: 'csv', codes: 2 })])
  })

  it('fails with E_FILE_WRITE, leaving no file, temp file or audit row', () => {
    const target = join(t.dir, 'missing', 'knee.json')
    let error: CoderError | undefined
    try {
      t.store.writeExport(doc.id, 'json', target)
    } catch (caught) {
      error = caught as CoderError
    }
    expect(error?.code).toBe('E_FILE_WRITE')
    expect(existsSync(target)).toBe(false)
    expect(readdirSync(t.dir).filter((name) => name.endsWith('.tmp'))).toEqual([])
    expect(exportRows()).toEqual([])
    expect(countRows(t.raw, 'audit')).toBe(6)
  })
})
