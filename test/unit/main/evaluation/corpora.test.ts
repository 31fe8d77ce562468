// Corpus splits and gold mapping on small fixture folders laid out like ../shared/datasets.
// The MACCROBAT expectation is what training/ner/corpora.py gives for the same report.
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  readCorpus,
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
