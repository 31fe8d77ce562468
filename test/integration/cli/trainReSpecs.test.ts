// `train re --spec`: the shipped specs a user's rows are checked against, by name (no training:
// rows that pass the check stop at the non-empty --out folder, before the trainer starts).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cliRunner } from '../cliRunner'

const work = mkdtempSync(join(tmpdir(), 'train-re-spec-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

const HEADER = 'sentence,chunk1,begin1,end1,type1,chunk2,begin2,end2,type2,label'
const SENTENCE = 'Metformin 500 mg orally for 3 months.'
const POSOLOGY_ROWS = [
  `${SENTENCE},Metformin,0,9,Drug,500 mg,10,16,Dosage,drug_dosage`,
  `${SENTENCE},Metformin,0,9,Drug,orally,17,23,Route,drug_route`,
  `${SENTENCE},Metformin,0,9,Drug,3 months,28,36,Duration,drug_duration`,
]

const cli = cliRunner()

function trainRe(spec: string, rows: readonly string[]) {
  const csv = join(work, `${spec}.csv`)
  writeFileSync(csv, [HEADER, ...rows, ''].join('\n'))
  // A folder that already holds a file: the command refuses it only after the rows passed.
  const out = mkdtempSync(join(work, 'out-'))
  writeFileSync(join(out, 'keep.txt'), 'x')
  return cli('train', 're', '--csv', csv, '--out', out, '--spec', spec)
}

describe('train re --spec with the shipped models', () => {
  it('checks drug rows against re-posology: they pass it, and fail re-clinical', () => {
    const posology = trainRe('re-posology', POSOLOGY_ROWS)
    expect(posology.status).toBe(2)
    expect(posology.stderr).toMatch(/\[E_OPTION\].*already holds files/)
    expect(posology.stderr).not.toMatch(/E_DATASET_MALFORMED/)

    const clinical = trainRe('re-clinical', POSOLOGY_ROWS)
    expect(clinical.status).toBe(2)
    const lines = clinical.stderr.split('\n').filter((l) => l.startsWith('[E_DATASET_MALFORMED]'))
    expect(new Set(lines.map((l) => / line (\d+):/.exec(l)?.[1]))).toEqual(new Set(['2', '3', '4']))
  }, 120_000)

  it.each(['re-temporal', 're-cause', 're-chemprot', 're-pgr'])(
    'reads %s by name and refuses rows outside its whitelist, line by line',
    (spec) => {
      const result = trainRe(spec, POSOLOGY_ROWS.slice(0, 1))
      expect(result.status).toBe(2)
      expect(result.stderr).toMatch(/\[E_DATASET_MALFORMED\] .* line 2:/)
    },
    120_000,
  )

  it('accepts temporal rows between an event and a time with re-temporal', () => {
    const row = `${SENTENCE},Metformin,0,9,Drug,3 months,28,36,Duration,OVERLAP`
    const result = trainRe('re-temporal', [row])
    expect(result.status).toBe(2)
    expect(result.stderr).toMatch(/\[E_OPTION\].*already holds files/)
  }, 120_000)
})
