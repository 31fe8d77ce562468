// BRAT reader: T lines only, first fragment of a discontinuous span, pairs found in a folder.
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  listBratIds,
  parseBratEntities,
  readBratDocument,
} from '../../../../src/main/evaluation/brat'
import { CoderError } from '../../../../src/shared/errors'

const DIR = fileURLToPath(
  new URL('../../../fixtures/eval/maccrobat2020/MACCROBAT2020', import.meta.url),
)

describe('parseBratEntities', () => {
  it('reads T lines and skips events, attributes, relations and notes', () => {
    const ann = [
      'T1\tSign_symptom 4 8\tpain',
      'E1\tSign_symptom:T1 ',
      'A1\tPOLARITY E1 NEG',
      'R1\tMODIFY Arg1:T2 Arg2:T1',
      '#1\tAnnotatorNotes T1\tnote',
      'T2\tLab_value 10 11;12 14\t3 cm',
      '',
    ].join('\n')
    expect(parseBratEntities(ann)).toEqual([
      { start: 4, end: 8, type: 'Sign_symptom' },
      { start: 10, end: 11, type: 'Lab_value' },
    ])
  })

  it('refuses a T line without offsets, naming the line', () => {
    expect(() => parseBratEntities('T1\tSign_symptom 4\tpain', 'x.ann')).toThrow(CoderError)
    expect(() => parseBratEntities('T1\tSign_symptom 4\tpain', 'x.ann')).toThrow(/x\.ann.*line 1/)
  })
})

describe('BRAT folders', () => {
  it('lists the ids of .ann files that have their .txt, and reads a pair', () => {
    expect(listBratIds(DIR)).toEqual(['10000001'])
    expect(listBratIds('/no/such/folder')).toEqual([])
    const document = readBratDocument(DIR, '10000001')
    expect(document.text.startsWith('A 45-year-old man')).toBe(true)
    expect(document.entities).toHaveLength(16)
    expect(document.entities[2]).toEqual({ start: 22, end: 31, type: 'Biological_structure' })
  })
})
