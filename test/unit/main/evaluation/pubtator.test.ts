// PubTator reader (BC5CDR, NCBI disease): blocks, title/abstract lines, mention lines, relations skipped.
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  parsePubtator,
  pubtatorText,
  readPubtatorFile,
} from '../../../../src/main/evaluation/pubtator'
import { CoderError } from '../../../../src/shared/errors'

const fixture = (path: string) =>
  fileURLToPath(new URL(`../../../fixtures/eval/${path}`, import.meta.url))

describe('parsePubtator', () => {
  it('reads BC5CDR documents, mentions with offsets into title + newline + abstract', () => {
    const documents = readPubtatorFile(fixture('bc5cdr/CDR_DevelopmentSet.PubTator.txt'))
    expect(documents.map((d) => d.pmid)).toEqual(['1001', '1002'])
    const first = documents[0]!
    // The CID relation line is not a mention.
    expect(first.mentions).toHaveLength(6)
    const text = pubtatorText(first)
    expect(first.mentions.map((m) => [text.slice(m.start, m.end), m.type])).toEqual([
      ['Aspirin', 'Chemical'],
      ['fever', 'Disease'],
      ['chest pain', 'Disease'],
      ['pneumonia', 'Disease'],
      ['Metformin', 'Chemical'],
      ['diabetes mellitus', 'Disease'],
    ])
  })

  it('reads NCBI files, which start with a blank line and have composite mentions', () => {
    const [document] = readPubtatorFile(fixture('ncbi_disease/NCBIdevelopset_corpus.txt'))
    const text = pubtatorText(document!)
    expect(document!.mentions.map((m) => [text.slice(m.start, m.end), m.type])).toEqual([
      ['breast and ovarian cancer', 'CompositeMention'],
      ['breast cancer', 'SpecificDisease'],
    ])
  })

  it('ends a document at a blank line, also without a final newline', () => {
    const documents = parsePubtator('1|t|A.\n1|a|B.\n1\t0\t1\tA\tDisease\tD1\n\n2|t|C.\n2|a|D.')
    expect(documents.map((d) => [d.pmid, d.title, d.abstract, d.mentions.length])).toEqual([
      ['1', 'A.', 'B.', 1],
      ['2', 'C.', 'D.', 0],
    ])
  })

  it('refuses a mention line before any title line', () => {
    expect(() => parsePubtator('1\t0\t1\tA\tDisease\tD1\n', 'f.txt')).toThrow(CoderError)
  })
})
