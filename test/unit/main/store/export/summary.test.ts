import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import {
  CSV_COLUMNS,
  exportFileName,
  renderSummary,
  type ExportedCode,
  type Summary,
} from '../../../../../src/main/store/export/summary'

const code: ExportedCode = {
  system: 'ICD-10-CM',
  code: 'R52',
  description: 'Pain, unspecified',
  billable: false,
  chunkText: 'said "ouch",\nthen left',
  evidence: 'pain',
  start: 18,
  end: 22,
  label: 'Symptom',
  assertion: 'present',
  basis: 'base',
  score: 0.55,
  coder: 'ana',
  decidedAt: '2025-01-02T03:04:05.000Z',
}

const summary = (codes: ExportedCode[]): Summary => ({
  document: { id: 7, name: 'ed-knee.txt', path: '/notes/ed, knee.txt', sha256: 'a'.repeat(64) },
  exportedAt: '2025-01-02T04:00:00.000Z',
  codes,
})

describe('renderSummary', () => {
  it('writes CSV with a header row and quotes commas, quotes and newlines', () => {
    const csv = renderSummary(summary([code]), 'csv')
    const rows = parse(csv, { columns: true }) as Record<string, string>[]
    expect(csv.split('\n')[0]).toBe(CSV_COLUMNS.join(','))
    expect(rows).toEqual([
      {
        document: 'ed-knee.txt',
        path: '/notes/ed, knee.txt',
        system: 'ICD-10-CM',
        code: 'R52',
        description: 'Pain, unspecified',
        billable: 'false',
        chunkText: 'said "ouch",\nthen left',
        evidence: 'pain',
        start: '18',
        end: '22',
        label: 'Symptom',
        assertion: 'present',
        basis: 'base',
        score: '0.55',
        coder: 'ana',
        decidedAt: '2025-01-02T03:04:05.000Z',
      },
    ])
  })

  it('writes only the header when nothing was accepted', () => {
    expect(renderSummary(summary([]), 'csv')).toBe(`${CSV_COLUMNS.join(',')}\n`)
  })

  it('writes JSON as {document, exportedAt, codes}', () => {
    const json = JSON.parse(renderSummary(summary([code]), 'json')) as Summary
    expect(json).toEqual(summary([code]))
  })
})

describe('exportFileName', () => {
  it('replaces the extension and keeps the stem', () => {
    expect(exportFileName('ed-knee.txt', 'csv')).toBe('ed-knee.codes.csv')
    expect(exportFileName('discharge.summary.md', 'json')).toBe('discharge.summary.codes.json')
  })

  it('drops folders and characters file systems refuse', () => {
    expect(exportFileName('sub/dir\\a:b?.txt', 'csv')).toBe('a_b_.codes.csv')
    expect(exportFileName('.txt', 'json')).toBe('document.codes.json')
  })
})
