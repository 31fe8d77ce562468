// `eval coding` end to end: the real CLI process, the shipped models and code sets, on a CodiEsp-
// layout fixture; its scores must be those of the suggestions `code` gives for the same notes.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cliRunner } from '../cliRunner'
import {
  readCodiesp,
  scoredNote,
  scoreNotes,
  viewSuggestions,
  type CodingEvalResult,
} from '../../../src/main/evaluation'
import type { CodedDocument } from '../../../src/shared/domain'

const CODIESP = fileURLToPath(new URL('../../fixtures/eval/codiesp', import.meta.url))
// One terminology index for the file's runs: the first builds it from resources.
const home = mkdtempSync(join(tmpdir(), 'coder-eval-coding-'))
const cli = cliRunner({ env: { CLINICAL_CODER_HOME: home }, timeoutMs: 240_000 })
// One coding thread, as the `code` run it is compared with below: a small fixture needs no pool.
const argsFor = (data: string) => [
  '--threads',
  '1',
  'eval',
  'coding',
  '--corpus',
  'codiesp',
  '--data',
  data,
]
const args = argsFor(CODIESP)

function run(...more: string[]): { status: number | null; json: CodingEvalResult; stderr: string } {
  const result = cli(...args, ...more, '--json')
  return {
    status: result.status,
    json: JSON.parse(result.stdout || 'null') as CodingEvalResult,
    stderr: result.stderr,
  }
}

afterAll(() => {
  rmSync(home, { recursive: true, force: true })
})

describe('eval coding (fixture folder)', () => {
  let diagnosis: ReturnType<typeof run>

  beforeAll(() => {
    diagnosis = run('--kind', 'diagnosis', '--split', 'dev')
  }, 240_000)

  it('prints CLI.md’s JSON on stdout and the table on stderr', () => {
    expect(diagnosis.status).toBe(0)
    const json = diagnosis.json
    expect(json).toMatchObject({
      corpus: 'codiesp',
      split: 'dev',
      kind: 'diagnosis',
      mode: 'fast',
      system: 'ICD-10-CM',
      notes: 3,
      notes_with_gold: 3,
      gold_codes: 5,
      failed: [],
    })
    for (const score of [json, json.base, json.enriched]) {
      for (const key of ['map', 'precision', 'recall', 'f1'] as const) {
        expect(score[key]).toBeGreaterThanOrEqual(0)
        expect(score[key]).toBeLessThanOrEqual(1)
      }
    }
    // "hypertension", "headache" and "cough" are coded I10, R51.9 and R05.9 first.
    expect(json.correct).toBeGreaterThanOrEqual(3)
    expect(json.map).toBeGreaterThan(0.5)
    expect(diagnosis.stderr).toMatch(/codiesp dev diagnosis \(fast, ICD-10-CM\): 3 notes/)
    expect(diagnosis.stderr).toMatch(/map: official CodiEsp MAP/)
    expect(diagnosis.stderr).toMatch(/^enriched\s+\d\.\d{4}/m)
  })

  it('scores exactly the suggestions `code` gives for the same notes', () => {
    const coded = cli('--threads', '1', 'code', join(CODIESP, 'dev', 'text_files_en'), '--json')
    expect(coded.status).toBe(0)
    const { documents } = JSON.parse(coded.stdout) as { documents: CodedDocument[] }
    const byPath = new Map(documents.map((d) => [d.path, d.suggestions]))
    const notes = readCodiesp(CODIESP, 'dev', 'diagnosis').documents.map((document) => {
      const suggestions = (byPath.get(document.path) ?? []).filter((s) => s.system === 'ICD-10-CM')
      return { gold: document.gold, suggestions }
    })
    const score = (view: 'both' | 'base' | 'enriched') =>
      scoreNotes(notes.map((n) => scoredNote(n.gold, viewSuggestions(n.suggestions, view))))
    const { json } = diagnosis
    expect(json).toMatchObject(score('both'))
    expect(json.base).toEqual(score('base'))
    expect(json.enriched).toEqual(score('enriched'))
  }, 240_000)

  it('scores procedures (a 4-character gold prefix matches at the category level only)', () => {
    const { status, json } = run('--kind', 'procedure', '--split', 'dev')
    expect(status).toBe(0)
    expect(json).toMatchObject({
      system: 'ICD-10-PCS',
      notes: 3,
      notes_with_gold: 2,
      gold_codes: 2,
    })
    // "chest X-ray" gives BW03ZZZ: no exact match for the gold bw03, a match cut to 4 characters.
    expect(json.category.characters).toBe(4)
    expect(json.category.correct).toBeGreaterThan(json.correct)
  }, 240_000)

  it('runs on --split test and all, as the blind test set will be scored', () => {
    const test = run('--kind', 'diagnosis', '--split', 'test')
    expect(test.status).toBe(0)
    expect(test.json).toMatchObject({ split: 'test', notes: 1, gold_codes: 1 })
    const all = run('--kind', 'procedure', '--split', 'all')
    expect(all.status).toBe(0)
    expect(all.json).toMatchObject({ split: 'all', notes: 4, notes_with_gold: 2 })
    expect(all.json.files).toEqual([join('dev', 'devP.tsv'), join('test', 'testP.tsv')])
  }, 240_000)

  it('prints nothing on stdout without --json', () => {
    const result = cli(...args, '--kind', 'diagnosis', '--split', 'test')
    expect(result.status).toBe(0)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(/^both\s+\d\.\d{4}/m)
  }, 240_000)

  it('exits 2 with a one-line [CODE] message on bad input', () => {
    const cases: [string[], RegExp][] = [
      [['--kind', 'drug', '--split', 'dev'], /^\[E_OPTION\] .*--kind must be one of/],
      [['--kind', 'diagnosis', '--split', 'dev', '--mode', 'slow'], /^\[E_OPTION\] .*--mode/],
      [['--kind', 'diagnosis', '--split', 'train'], /^\[E_DATASET_EMPTY\] .*train\/trainD\.tsv/],
    ]
    for (const [more, message] of cases) {
      const result = cli(...args, ...more)
      expect(result.status, more.join(' ')).toBe(2)
      expect(result.stdout).toBe('')
      expect(result.stderr.trim().split('\n')).toHaveLength(1)
      expect(result.stderr).toMatch(message)
    }
    const badCorpus = cli(
      'eval',
      'coding',
      '--corpus',
      'mimic',
      '--kind',
      'diagnosis',
      '--split',
      'dev',
    )
    expect(badCorpus.status).toBe(2)
    expect(badCorpus.stderr).toMatch(/^\[E_OPTION\] .*--corpus must be one of codiesp/)
  })

  it('scores a note that cannot be coded as one without codes, says why, and exits 2', () => {
    const data = join(home, 'with-empty-note')
    cpSync(CODIESP, data, { recursive: true })
    writeFileSync(join(data, 'test', 'text_files_en', 'case-empty.txt'), '')
    const result = cli(...argsFor(data), '--kind', 'diagnosis', '--split', 'test', '--json')
    expect(result.status).toBe(2)
    const json = JSON.parse(result.stdout) as CodingEvalResult
    expect(json).toMatchObject({ notes: 2, notes_with_gold: 1 })
    expect(json.failed.map((f) => f.error.code)).toEqual(['E_FILE_EMPTY'])
    expect(result.stderr).toMatch(/^\[E_FILE_EMPTY\] .*case-empty\.txt/m)
  }, 240_000)
})
