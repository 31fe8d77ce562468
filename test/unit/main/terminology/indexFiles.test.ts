import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { bringToRelease, readOrderAddenda } from '../../../../src/main/terminology/addenda'
import { readIndexCsv, readIndexXml } from '../../../../src/main/terminology/indexFiles'
import { parseOrderFile } from '../../../../src/main/terminology/orderFile'
import { mergeGuidance, readTabularNotes } from '../../../../src/main/terminology/tabularNotes'

const DIR = resolve('test/fixtures/terminology/index')
const CM = resolve('test/fixtures/terminology/icd10cm_order_2026.txt')

describe('readIndexCsv', () => {
  it('rebuilds each term path from its level and keeps nonessential modifiers in parentheses', () => {
    const terms = readIndexCsv(`${DIR}/ICD10CM_2025_Index.csv`)
    expect(terms).toContainEqual({
      code: 'M25.56-',
      kind: 'index',
      text: 'Pain (s) > joint > knee',
    })
    expect(terms).toContainEqual({
      code: 'I10',
      kind: 'index',
      text: 'Hypertension (arterial) (benign) > with exacerbation',
    })
    // "Arthralgia" has only a See reference: no code, no term.
    expect(terms.some((term) => term.text.startsWith('Arthralgia'))).toBe(false)
  })
})

describe('readIndexXml', () => {
  it('reads table cells with their column heading, skipping empty cells', () => {
    const terms = readIndexXml(`${DIR}/icd10cm_drug_2026.xml`, 'drug')
    expect(terms).toEqual([
      {
        code: 'E11.65',
        kind: 'drug',
        text: 'Insulin (amorphous) zinc > Poisoning Accidental (unintentional)',
      },
    ])
  })

  it('reads the external cause index terms with their codes', () => {
    const terms = readIndexXml(`${DIR}/icd10cm_eindex_2026.xml`, 'external')
    expect(terms).toEqual([
      { code: 'S72.92XA', kind: 'external', text: 'Fall (in) (on) from > ladder' },
    ])
  })

  it('names the line of malformed XML', () => {
    expect(() => readIndexXml(`${DIR}/../broken/truncated.txt`, 'external')).toThrow(
      expect.objectContaining({ code: 'E_RELEASE_MALFORMED' }),
    )
  })
})

describe('bringToRelease', () => {
  it('marks codes the addenda expanded, and counts codes the release lacks', () => {
    const release = parseOrderFile(CM)
    const changes = readOrderAddenda(`${DIR}/icd10cm_order_addenda_2026.txt`)
    expect(changes).toEqual([
      { action: 'delete', code: 'M2556', billable: true },
      { action: 'add', code: 'M2556', billable: false },
    ])
    const { terms, report } = bringToRelease(
      readIndexCsv(`${DIR}/ICD10CM_2025_Index.csv`),
      release.rows,
      changes,
    )
    // M25.50, M25.59 and Q99.99 are not in the fixture release; Gonarthralgia's M25.56 became a header.
    expect(report).toEqual({ kept: 6, expanded: 1, unmapped: 3 })
    expect(terms.find((term) => term.text === 'Gonarthralgia')?.code).toBe('M25.56-')
  })
})

describe('readTabularNotes', () => {
  it('turns inclusion terms into synonyms and merges guidance down the hierarchy', () => {
    const { terms, notes } = readTabularNotes(`${DIR}/icd10cm_instructional_notes.json`)
    expect(terms).toContainEqual({ code: 'I10', kind: 'inclusion', text: 'High blood pressure' })
    const byCode = new Map<string, typeof notes>()
    for (const note of notes) byCode.set(note.code, [...(byCode.get(note.code) ?? []), note])
    expect(mergeGuidance(byCode, ['M25.562', 'M25.56', 'M25.5', 'M25'])).toEqual({
      excludes1: [],
      excludes2: ['pain in hand (M79.64-)'],
      codeFirst: [],
      useAdditional: ['code for laterality'],
    })
    expect(mergeGuidance(byCode, ['E11.9', 'E11'])).toBeNull()
  })
})
