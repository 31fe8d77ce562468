// Unit: RxNorm RRF: SAB=RXNORM, not suppressed, the preferred term type names a concept, parents and NDCs.
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readRxnorm } from '../../../../src/main/terminology/rxnormRrf'
import {
  copyFolder,
  lineOf,
  removeCopies,
  replaceLine,
  RXNCONSO,
  RXNORM_DIR,
} from './licensedFixtures'

afterEach(removeCopies)

describe('readRxnorm', () => {
  it('keeps current RXNORM concepts, named by the preferred term type, dated by the release folder', () => {
    const { release } = readRxnorm(RXNCONSO)
    expect(release).toMatchObject({
      system: 'RxNorm',
      release: 'full-2025-03-03',
      version: '2025-03-03',
      source: 'RXNCONSO.RRF',
    })
    expect(release.rows.map((row) => row.code).sort()).toEqual(
      ['203644', '206765', '29046', '314076', '6809', '861007'].sort(),
    )
    expect(release.rows.find((row) => row.code === '861007')?.long).toBe(
      'metformin hydrochloride 500 MG Oral Tablet',
    )
  })

  it('keeps other English RXNORM names and current NDCs as synonyms', () => {
    const texts = readRxnorm(RXNCONSO)
      .terms.filter((term) => term.code === '861007')
      .map((term) => term.text)
    expect(texts).toEqual(['metformin HCl 500 MG Oral Tablet', 'NDC 00093104801'])
  })

  it('reads parents from RXNREL (RXCUI2 RELA RXCUI1), skipping suppressed relations', () => {
    const rows = readRxnorm(RXNCONSO).release.rows
    expect(rows.find((row) => row.code === '314076')?.parents).toEqual(['29046'])
    expect(rows.find((row) => row.code === '206765')?.parents).toEqual(['314076'])
  })

  it('refuses a line without its trailing pipe or with a bad RXCUI, naming file and line', () => {
    const copy = copyFolder(RXNORM_DIR, 'rrf')
    const conso = join(copy, 'RXNCONSO.RRF')
    replaceLine(conso, 3, lineOf(conso, 3).replace(/\|$/, ''))
    expect(() => readRxnorm(conso)).toThrow(
      expect.objectContaining({
        code: 'E_RELEASE_MALFORMED',
        message: expect.stringMatching(
          /RXNCONSO\.RRF is malformed at line 3: .*18 fields.*17 pipes and no trailing pipe/,
        ),
      }),
    )
    const rel = join(copy, 'RXNREL.RRF')
    replaceLine(conso, 3, lineOf(RXNCONSO, 3))
    replaceLine(rel, 3, lineOf(rel, 3).replace(/^314076/, 'C314076'))
    expect(() => readRxnorm(conso)).toThrow(
      expect.objectContaining({
        message: expect.stringContaining('RXNREL.RRF is malformed at line 3: RXCUI "C314076"'),
      }),
    )
  })
})
