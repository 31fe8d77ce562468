import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkReCsv, readReCsvSpec } from '../../../../src/main/evaluation'

const FIXTURES = join(__dirname, '../../../fixtures/re-csv')
const spec = readReCsvSpec(join(__dirname, '../../../../resources/models/re-clinical/labels.json'))

function check(name: string) {
  const path = join(FIXTURES, name)
  return checkReCsv(path, readFileSync(path, 'utf8'), spec)
}

describe('checkReCsv', () => {
  it('accepts good rows, end exclusive, and lists their labels', () => {
    const result = check('good.csv')
    expect(result.problems).toEqual([])
    expect(result.rows).toBe(17)
    expect(result.convention).toBe('exclusive')
    expect(result.labels).toContain('bodypart_problem')
    expect(result.labels).toContain('O')
  })

  it('detects end-inclusive offsets and accepts them', () => {
    const result = check('end-inclusive.csv')
    expect(result.convention).toBe('inclusive')
    expect(result.problems).toEqual([])
  })

  it('reports every bad row with its line number', () => {
    const lines = check('bad.csv').problems.map((p) => p.line)
    expect(lines).toEqual([3, 4, 5, 6, 7])
    const reasons = check('bad.csv').problems.map((p) => p.reason)
    expect(reasons[0]).toMatch(/not the chunk "pain"/)
    expect(reasons[1]).toMatch(/9 columns, expected 10/)
    expect(reasons[2]).toMatch(/type "Drug" is not one of the spec's types/)
    expect(reasons[3]).toMatch(/outside the sentence/)
    expect(reasons[4]).toMatch(/empty label/)
  })

  it('counts offsets in code points, as the Python trainer does', () => {
    const text =
      'sentence,chunk1,begin1,end1,type1,chunk2,begin2,end2,type2,label\n' +
      '"😀 pain in knee",pain,2,6,Symptom,knee,10,14,BodyPart,bodypart_problem\n'
    expect(checkReCsv('x.csv', text, spec).problems).toEqual([])
  })

  it('refuses a pair of types outside the whitelist and a file without relations', () => {
    const header = 'sentence,chunk1,begin1,end1,type1,chunk2,begin2,end2,type2,label\n'
    const offList = header + 'pain and ache,pain,0,4,Symptom,ache,9,13,Symptom,O\n'
    expect(checkReCsv('x.csv', offList, spec).problems[0]?.reason).toMatch(/not in the spec/)
    const onlyO = header + 'pain in knee,pain,0,4,Symptom,knee,8,12,BodyPart,O\n'
    expect(checkReCsv('x.csv', onlyO, spec).problems[0]?.reason).toMatch(/every row is labelled O/)
  })
})
