// Unit: the CodiEsp reader: notes and gold codes per split and kind, code normalization, errors with file and line.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  normalizeCode,
  readCodiesp,
  readGoldCodes,
} from '../../../../src/main/evaluation/codingCorpus'

const CODIESP = resolve('test/fixtures/eval/codiesp')
let dir: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'codiesp-'))
})

afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

/** A dev split under `dir`: the given notes (id → text) and devD.tsv with `lines`. */
function writeDev(notes: Readonly<Record<string, string>>, lines: string): void {
  mkdirSync(join(dir, 'dev', 'text_files_en'), { recursive: true })
  for (const [id, text] of Object.entries(notes)) {
    writeFileSync(join(dir, 'dev', 'text_files_en', `${id}.txt`), text)
  }
  writeFileSync(join(dir, 'dev', 'devD.tsv'), lines)
}

describe('readCodiesp', () => {
  it('reads every note of the split with its distinct gold codes of the kind', () => {
    const set = readCodiesp(CODIESP, 'dev', 'diagnosis')
    expect(set.documents.map((d) => [d.id, d.split, d.gold])).toEqual([
      ['case-appendicitis', 'dev', ['k35.80', 'e11.9']],
      // r05.9 is written twice in devD.tsv.
      ['case-cough', 'dev', ['r05.9']],
      ['case-hypertension', 'dev', ['i10', 'r51.9']],
    ])
    expect(set.documents[0]?.path).toBe(
      join(CODIESP, 'dev', 'text_files_en', 'case-appendicitis.txt'),
    )
    expect(set.files).toEqual([join('dev', 'devD.tsv')])
  })

  it('keeps notes without a code of the kind, and reads 4-character procedure prefixes', () => {
    const set = readCodiesp(CODIESP, 'dev', 'procedure')
    expect(set.documents.map((d) => [d.id, d.gold])).toEqual([
      ['case-appendicitis', ['0dtj4zz']],
      ['case-cough', ['bw03']],
      ['case-hypertension', []],
    ])
  })

  it('reads test (the blind set’s layout) and all: every split found', () => {
    expect(readCodiesp(CODIESP, 'test', 'diagnosis').documents.map((d) => d.gold)).toEqual([
      ['s52.92xa'],
    ])
    // An empty P file: the note is there, with no procedure.
    expect(readCodiesp(CODIESP, 'test', 'procedure').documents.map((d) => d.gold)).toEqual([[]])
    const all = readCodiesp(CODIESP, 'all', 'diagnosis')
    expect(all.documents.map((d) => `${d.split}/${d.id}`)).toEqual([
      'dev/case-appendicitis',
      'dev/case-cough',
      'dev/case-hypertension',
      'test/case-fracture',
    ])
    expect(all.files).toEqual([join('dev', 'devD.tsv'), join('test', 'testD.tsv')])
  })

  it('normalizes codes as the official scripts do: lower case, dot kept', () => {
    expect(['M25.562', ' 0DTJ4ZZ', 'n23'].map(normalizeCode)).toEqual(['m25.562', '0dtj4zz', 'n23'])
    writeDev({ a: 'Pain.' }, '\uFEFFa\tM25.562\r\n\r\na\tm25.562\r\n')
    expect(readCodiesp(dir, 'dev', 'diagnosis').documents[0]?.gold).toEqual(['m25.562'])
  })

  it('says which file and line is malformed', () => {
    const cases: [string, RegExp][] = [
      [
        'a\tn44.8\nb n44.8\n',
        /devD\.tsv is malformed at line 2: expected 2 tab-separated fields.*found 1/,
      ],
      ['a\tn44.8\tfoo\n', /line 1: expected 2 tab-separated fields.*found 3/],
      ['a\tn44.8\n\n\ta10.1\n', /line 3: the article id is empty/],
      ['a\tn44.8\na\t0dtj4zz\n', /line 2: "0dtj4zz" is not an ICD-10-CM code/],
      ['a\tn44.8\nzzz\tn44.8\n', /line 2: article zzz has no note dev\/text_files_en\/zzz\.txt/],
    ]
    for (const [lines, message] of cases) {
      writeDev({ a: 'Pain.' }, lines)
      expect(() => readCodiesp(dir, 'dev', 'diagnosis'), lines).toThrow(
        expect.objectContaining({
          code: 'E_DATASET_MALFORMED',
          message: expect.stringMatching(message),
        }),
      )
    }
  })

  it('checks procedure codes: 7 characters or a 4-character prefix', () => {
    const path = join(dir, 'devP.tsv')
    writeFileSync(path, 'a\tbw03\na\t0DTJ4ZZ\n')
    expect([...readGoldCodes(path, 'procedure').values()].map((e) => e.codes)).toEqual([
      ['bw03', '0dtj4zz'],
    ])
    writeFileSync(path, 'a\tbw03\na\tk35.80\n')
    expect(() => readGoldCodes(path, 'procedure')).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(/line 2: "k35\.80" is not an ICD-10-PCS code/),
      }),
    )
  })

  it('says what is missing', () => {
    expect(() => readCodiesp(join(dir, 'nowhere'), 'dev', 'diagnosis')).toThrow(
      expect.objectContaining({ code: 'E_FILE_NOT_FOUND' }),
    )
    expect(() => readCodiesp(CODIESP, 'train', 'diagnosis')).toThrow(
      expect.objectContaining({
        code: 'E_DATASET_EMPTY',
        message: expect.stringContaining('train/trainD.tsv with train/text_files_en/*.txt'),
      }),
    )
    expect(() => readCodiesp(dir, 'all', 'procedure')).toThrow(
      expect.objectContaining({
        code: 'E_DATASET_EMPTY',
        message: expect.stringContaining('SPLIT/SPLITP.tsv'),
      }),
    )
    // Notes without their gold file, and a gold file without notes.
    mkdirSync(join(dir, 'dev', 'text_files_en'), { recursive: true })
    expect(() => readCodiesp(dir, 'dev', 'diagnosis')).toThrow(
      expect.objectContaining({ code: 'E_DATASET_EMPTY' }),
    )
    writeFileSync(join(dir, 'dev', 'devD.tsv'), 'a\tn44.8\n')
    expect(() => readCodiesp(dir, 'dev', 'diagnosis')).toThrow(
      expect.objectContaining({
        code: 'E_DATASET_EMPTY',
        message: expect.stringContaining('--split dev'),
      }),
    )
  })
})
