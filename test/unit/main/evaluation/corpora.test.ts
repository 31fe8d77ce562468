// Corpus splits and gold mapping on small fixture folders laid out like ../shared/datasets.
// The MACCROBAT expectation is what training/ner/corpora.py gives for the same report; the ADE
// ones are what training/encoder/tasks.py ade_ner_sentences gives for the inline file.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { groupBySentence, parseAdeRelations } from '../../../../src/main/evaluation/adeRelations'
import {
  adeMentions,
  readCorpus,
  wordOccurrences,
  type CorpusRequest,
  type EvalDocument,
} from '../../../../src/main/evaluation/corpora'
import { CoderError } from '../../../../src/shared/errors'

const fixture = (folder: string) =>
  fileURLToPath(new URL(`../../../fixtures/eval/${folder}`, import.meta.url))

function request(overrides: Partial<CorpusRequest>): CorpusRequest {
  return {
    corpus: 'maccrobat',
    split: 'all',
    dataDir: fixture('maccrobat2020'),
    keepModifier: false,
    documentSplit: null,
    ...overrides,
  }
}

const goldOf = (document: EvalDocument) =>
  document.gold.map((s) => [document.text.slice(s.start, s.end), s.label])

describe('MACCROBAT', () => {
  it('maps BRAT types as training does: Direction derived, Modifier dropped, overlaps resolved', () => {
    const [document] = readCorpus(request({}))
    expect(document!.id).toBe('10000001')
    expect(goldOf(document!)).toEqual([
      // "left knee" (Biological_structure) wins over the equally long, later "knee pain".
      ['left', 'Direction'],
      ['knee', 'BodyPart'],
      ['pain', 'Symptom'],
      // A laterality-only Detailed_description is all Direction.
      ['right-sided', 'Direction'],
      ['weakness', 'Symptom'],
      ['CT', 'Test'],
      ['chest', 'BodyPart'],
      // Discontinuous "3 cm": its first fragment only.
      ['3', 'TestResult'],
      ['mass', 'Symptom'],
      // "lower" (Detailed_description) is no laterality word: dropped, not a Modifier span.
      ['right', 'Direction'],
      ['lower lobe', 'BodyPart'],
      // "spirin" snaps outward to the whole token.
      ['aspirin', 'Drug'],
      ['81 mg', 'Dosage'],
      ['daily', 'Frequency'],
    ])
  })

  it('takes train and dev from the model card PMIDs, and refuses them without', () => {
    const split = { train: ['10000001'], dev: ['99999999'] }
    expect(readCorpus(request({ split: 'train', documentSplit: split }))).toHaveLength(1)
    expect(() => readCorpus(request({ split: 'dev', documentSplit: split }))).toThrow(
      /no maccrobat documents for --split dev/,
    )
    expect(() => readCorpus(request({ split: 'dev' }))).toThrow(/model card lists no MACCROBAT/)
  })

  it('accepts the BRAT folder itself as --data', () => {
    const documents = readCorpus(request({ dataDir: fixture('maccrobat2020/MACCROBAT2020') }))
    expect(documents.map((d) => d.id)).toEqual(['10000001'])
  })
})

describe('literature corpora', () => {
  it('maps BC5CDR Chemical to Drug and Disease to Problem', () => {
    const documents = readCorpus(
      request({ corpus: 'bc5cdr', split: 'dev', dataDir: fixture('bc5cdr') }),
    )
    expect(documents.map(goldOf)).toEqual([
      [
        ['Aspirin', 'Drug'],
        ['fever', 'Problem'],
        ['chest pain', 'Problem'],
        ['pneumonia', 'Problem'],
        ['Metformin', 'Drug'],
        ['diabetes mellitus', 'Problem'],
      ],
      [
        ['Lithium', 'Drug'],
        ['tremor', 'Problem'],
      ],
    ])
  })

  it('maps every NCBI mention type, composite ones included, to Problem', () => {
    const [document] = readCorpus(
      request({ corpus: 'ncbi_disease', split: 'dev', dataDir: fixture('ncbi_disease') }),
    )
    expect(goldOf(document!)).toEqual([
      ['breast and ovarian cancer', 'Problem'],
      ['breast cancer', 'Problem'],
    ])
  })

  it('joins a DDI document’s non-blank sentences with blank lines, every type as Drug', () => {
    const [document] = readCorpus(
      request({ corpus: 'ddi2013', split: 'train', dataDir: fixture('ddi2013') }),
    )
    expect(document!.text).toBe(
      'Aspirin may increase the effect of "warfarin" anticoagulants.\r\n\n\n' +
        'Metformin and beta blockers were studied.',
    )
    expect(goldOf(document!)).toEqual([
      ['Aspirin', 'Drug'],
      ['warfarin', 'Drug'],
      ['anticoagulants', 'Drug'],
      ['Metformin', 'Drug'],
      ['beta', 'Drug'],
    ])
    const test = readCorpus(
      request({ corpus: 'ddi2013', split: 'test', dataDir: fixture('ddi2013') }),
    )
    expect(test.map((d) => d.id)).toEqual(['DDI-MedLine.d9'])
  })

  it('says which file it looked for when a split is absent, and refuses DDI dev without a card split', () => {
    const bc5cdrTest = request({ corpus: 'bc5cdr', split: 'test', dataDir: fixture('bc5cdr') })
    expect(() => readCorpus(bc5cdrTest)).toThrow(CoderError)
    expect(() => readCorpus(bc5cdrTest)).toThrow(/CDR_TestSet\.PubTator\.txt/)
    const ddiDev = request({ corpus: 'ddi2013', split: 'dev', dataDir: fixture('ddi2013') })
    expect(() => readCorpus(ddiDev)).toThrow(/no official dev split/)
  })

  it('takes DDI train and dev from the model card’s documents of the Train folder', () => {
    const ddi = (split: 'train' | 'dev', documentSplit: { train: string[]; dev: string[] }) =>
      request({ corpus: 'ddi2013', split, dataDir: fixture('ddi2013'), documentSplit })
    const asDev = { train: ['DDI-DrugBank.d2'], dev: ['DDI-DrugBank.d1'] }
    expect(readCorpus(ddi('dev', asDev)).map((d) => d.id)).toEqual(['DDI-DrugBank.d1'])
    expect(() => readCorpus(ddi('train', asDev))).toThrow(/no ddi2013 documents for --split train/)
    const asTrain = { train: ['DDI-DrugBank.d1'], dev: ['DDI-DrugBank.d2'] }
    expect(readCorpus(ddi('train', asTrain)).map((d) => d.id)).toEqual(['DDI-DrugBank.d1'])
    expect(() => readCorpus(ddi('dev', asTrain))).toThrow(/model card’s dev documents/)
  })
})

// PMID|sentence|effect|begin|end|drug|begin|end; the offsets point into the (absent) abstract.
const COCAINE =
  'After cocaine use, seizures and acute renal failure; cocaine-induced seizures recurred despite cocaineethylene levels.'
const DRUG_AE = [
  `10001|${COCAINE}|seizures|100|108|cocaine|90|97`,
  `10001|${COCAINE}|acute renal failure|113|132|cocaine|90|97`,
  `10001|${COCAINE}|renal failure|119|132|cocaine|90|97`,
  '10002|Lithium toxicity with lithium levels of 2.1.|toxicity|8|16|Lithium|0|7',
  '10001|Seizures stopped.|Seizures|300|308|cocaine|290|297',
  `10003|${COCAINE}|seizures|40|48|cocaine|30|37`,
  '',
].join('\n')

function adeFolder(content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ade-'))
  writeFileSync(join(dir, 'DRUG-AE.rel'), content)
  return dir
}

describe('ADE corpus v2', () => {
  const ade = (overrides: Partial<CorpusRequest>) =>
    request({ corpus: 'ade', dataDir: adeFolder(DRUG_AE), ...overrides })

  it('makes one document per (PMID, sentence), in order of first appearance', () => {
    const documents = readCorpus(ade({}))
    expect(documents.map((d) => [d.id, d.text])).toEqual([
      ['10001.1', COCAINE],
      ['10002.1', 'Lithium toxicity with lithium levels of 2.1.'],
      ['10001.2', 'Seizures stopped.'],
      ['10003.1', COCAINE],
    ])
  })

  it('marks every word-bounded occurrence of each drug (Drug) and effect (Problem)', () => {
    const [cocaine, lithium, stopped, again] = readCorpus(ade({}))
    expect(goldOf(cocaine!)).toEqual([
      // Twice: "cocaine-induced" is bounded by "-", "cocaineethylene" is one longer word.
      ['cocaine', 'Drug'],
      ['seizures', 'Problem'],
      // "renal failure" lies inside the longer "acute renal failure" and is dropped.
      ['acute renal failure', 'Problem'],
      ['cocaine', 'Drug'],
      ['seizures', 'Problem'],
    ])
    expect(cocaine!.gold.map((s) => s.start)).toEqual([6, 19, 32, 53, 69])
    // Matching is case-sensitive, as str.find: "lithium" is not the annotated "Lithium".
    expect(goldOf(lithium!)).toEqual([
      ['Lithium', 'Drug'],
      ['toxicity', 'Problem'],
    ])
    // A drug absent from its sentence gives no span.
    expect(goldOf(stopped!)).toEqual([['Seizures', 'Problem']])
    // The same sentence under another PMID has only that PMID's mentions.
    expect(goldOf(again!).map(([text]) => text)).toEqual([
      'cocaine',
      'seizures',
      'cocaine',
      'seizures',
    ])
  })

  it('splits by PMID: train and dev from the model card, test the PMIDs it lists in neither', () => {
    const documentSplit = { train: ['10001'], dev: ['10002'] }
    const ids = (split: CorpusRequest['split']) =>
      readCorpus(ade({ split, documentSplit })).map((d) => d.id)
    expect(ids('train')).toEqual(['10001.1', '10001.2'])
    expect(ids('dev')).toEqual(['10002.1'])
    expect(ids('test')).toEqual(['10003.1'])
    expect(ids('all')).toHaveLength(4)
    // Without a card split there is no train or dev; test is then every sentence.
    expect(() => readCorpus(ade({ split: 'dev' }))).toThrow(/lists no ADE dev PMIDs/)
    expect(readCorpus(ade({ split: 'test' }))).toHaveLength(4)
  })

  it('names the file it looked for, and the line of a malformed one', () => {
    const empty = mkdtempSync(join(tmpdir(), 'ade-'))
    const missing = () => readCorpus(request({ corpus: 'ade', dataDir: empty }))
    expect(missing).toThrow(CoderError)
    expect(missing).toThrow(/no ade documents for --split all \(looked for DRUG-AE\.rel\)/)
    const unlisted = { train: ['10001', '10002', '10003'], dev: [] }
    expect(() => readCorpus(ade({ split: 'test', documentSplit: unlisted }))).toThrow(
      /DRUG-AE\.rel \(the model card’s unlisted PMIDs\)/,
    )
    const broken = adeFolder(`${DRUG_AE}10004|A sentence|with|too few fields\n`)
    const malformed = () => readCorpus(request({ corpus: 'ade', dataDir: broken }))
    expect(malformed).toThrow(expect.objectContaining({ code: 'E_DATASET_MALFORMED' }))
    expect(malformed).toThrow(/DRUG-AE\.rel is malformed at line 7: expected 8 fields .* found 4/)
    // A line of a PMID outside the split refuses the file too: nothing is read half.
    const outside = adeFolder(`${DRUG_AE}10004|a|b|c|0|1|d|0|1|9\n`)
    const dev = { train: ['10001'], dev: ['10002'] }
    expect(() => readCorpus(ade({ dataDir: outside, split: 'dev', documentSplit: dev }))).toThrow(
      /DRUG-AE\.rel is malformed at line 7: expected 8 fields .* found 10/,
    )
  })

  it('keeps each sentence’s distinct mentions in order of first appearance, drug before effect', () => {
    const [first, second] = groupBySentence(parseAdeRelations(DRUG_AE, 'DRUG-AE.rel')).map(
      (sentence) => adeMentions(sentence.relations),
    )
    expect(first).toEqual([
      { text: 'cocaine', label: 'Drug' },
      { text: 'seizures', label: 'Problem' },
      { text: 'acute renal failure', label: 'Problem' },
      { text: 'renal failure', label: 'Problem' },
    ])
    expect(second!.map((m) => m.label)).toEqual(['Drug', 'Problem'])
  })
})

describe('wordOccurrences', () => {
  it('finds a mention only where no ASCII letter or digit touches it', () => {
    expect(wordOccurrences('aspirin and aspirin, aspirinemia', 'aspirin')).toEqual([0, 12])
    expect(wordOccurrences('xaspirin aspirin1 aspirin', 'aspirin')).toEqual([18])
    // A non-ASCII letter is a boundary, as Python's isascii() check makes it.
    expect(wordOccurrences('éaspirin', 'aspirin')).toEqual([1])
  })

  it('goes on past a match, or one character past a rejected one', () => {
    expect(wordOccurrences('aa aaa aa', 'aa')).toEqual([0, 7])
    expect(wordOccurrences('a-a-a', 'a-a')).toEqual([0])
    expect(wordOccurrences('text', '')).toEqual([])
  })
})
