// The ADE, ChemProt, PGR and MACCROBAT (posology, temporal, cause) readers of `eval re`, on small
// files written in each corpus's released format.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  goldLabel,
  maccrobatSentences,
  readReCorpus,
} from '../../../../../src/main/evaluation/reCorpora'
import {
  tokenize,
  tokenizedSentence,
  whitelistedPairs,
  type RelationSpec,
} from '../../../../../src/main/pipeline'

function spec(types: string[], pairs: RelationSpec['pairs'], classes: string[]): RelationSpec {
  return {
    types,
    pairs,
    classes,
    maxTokens: null,
    maxBetween: null,
    span: 8,
    window: 5,
    context: 16,
  }
}

const GENES = ['GENE-Y', 'GENE-N']
const chemprotSpec = spec(
  ['CHEMICAL', ...GENES],
  [{ head: ['CHEMICAL'], tail: GENES, category: null }],
  ['O', 'CPR:3', 'CPR:4', 'CPR:5', 'CPR:6', 'CPR:9'],
)
const adeSpec = spec(
  ['Drug', 'AdverseEffect', 'Dosage'],
  [
    { head: ['Drug'], tail: ['AdverseEffect'], category: null },
    { head: ['Drug'], tail: ['Dosage'], category: null },
  ],
  ['O', 'ADE', 'DOSE'],
)
const pgrSpec = spec(
  ['GENE', 'PHENOTYPE'],
  [{ head: ['GENE'], tail: ['PHENOTYPE'], category: null }],
  ['O', 'related'],
)

function folder(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 're-readers-'))
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true })
    writeFileSync(join(root, path), content)
  }
  return root
}

describe('ADE reader', () => {
  //            0         1         2         3         4         5         6         7
  //            0123456789012345678901234567890123456789012345678901234567890123456789012345678
  const text = 'Gastric bleeding followed aspirin and heparin 5000 units; aspirin was stopped.'
  // PMID|sentence|effect or dose|begin|end|drug|begin|end (document offsets, unused).
  const line = (pmid: string, other: string, drug: string) =>
    `${pmid}|${text}|${other}|0|0|${drug}|0|0`
  const files = {
    'DRUG-AE.rel': [
      line('11', 'Gastric bleeding', 'aspirin'),
      line('11', 'melena', 'aspirin'), // not in the sentence: no entity, no pair
      line('12', 'Gastric bleeding', 'heparin'), // another abstract, outside the split
    ].join('\n'),
    'DRUG-DOSE.rel': line('11', '5000 units', 'heparin') + '\n',
  }
  const read = (dataDir: string, split: 'dev' | 'all' = 'dev') =>
    readReCorpus({
      corpus: 'ade',
      split,
      dataDir,
      documents: { train: ['12'], dev: ['11'] },
      spec: adeSpec,
      relations: [],
    })

  it('labels the AE line ADE and the dose line DOSE, the other pairings of the sentence O', () => {
    const [only, ...rest] = read(folder(files))
    expect(rest).toEqual([])
    expect(only?.doc).toBe('11')
    // Each mention at its first occurrence: the first "aspirin" (26), not the second (58).
    expect(only?.entities).toEqual([
      { start: 26, end: 33, label: 'Drug' },
      { start: 0, end: 16, label: 'AdverseEffect' },
      { start: 38, end: 45, label: 'Drug' },
      { start: 46, end: 56, label: 'Dosage' },
    ])
    if (!only) return
    const sentence = tokenizedSentence(text, tokenize(text), () => 1)
    const labelled = whitelistedPairs(sentence, only.entities, adeSpec).map((pair) => [
      text.slice(only.entities[pair.left]?.start, only.entities[pair.left]?.end),
      text.slice(only.entities[pair.right]?.start, only.entities[pair.right]?.end),
      goldLabel(only, pair.left, pair.right),
    ])
    expect(labelled.sort()).toEqual(
      [
        ['Gastric bleeding', 'aspirin', 'ADE'],
        ['Gastric bleeding', 'heparin', 'O'],
        ['aspirin', '5000 units', 'O'],
        ['heparin', '5000 units', 'DOSE'],
      ].sort(),
    )
  })

  it('reads every abstract for --split all', () => {
    expect(read(folder(files), 'all').map((s) => s.doc)).toEqual(['11', '12'])
  })

  it('refuses a folder with DRUG-AE.rel but no DRUG-DOSE.rel, naming the missing file', () => {
    const dataDir = folder({ 'DRUG-AE.rel': files['DRUG-AE.rel'] })
    expect(() => read(dataDir)).toThrow(/DRUG-DOSE\.rel/)
  })

  it('refuses a malformed line of either file with E_DATASET_MALFORMED, its file and line', () => {
    // Outside the dev split (PMID 12) or not, a cut line refuses the file: nothing is read half.
    const cutAe = folder({ ...files, 'DRUG-AE.rel': `${files['DRUG-AE.rel']}\n12|too few columns` })
    expect(() => read(cutAe)).toThrow(expect.objectContaining({ code: 'E_DATASET_MALFORMED' }))
    expect(() => read(cutAe)).toThrow(
      /DRUG-AE\.rel is malformed at line 4: expected 8 fields .* found 2/,
    )
    const extraDose = `${files['DRUG-DOSE.rel']}${line('11', '5000 units', 'heparin')}|extra\n`
    const cutDose = folder({ ...files, 'DRUG-DOSE.rel': extraDose })
    expect(() => read(cutDose, 'all')).toThrow(/DRUG-DOSE\.rel is malformed at line 2: .* found 9/)
  })

  it('finds no sentences (E_DATASET_EMPTY) without DRUG-AE.rel', () => {
    const dataDir = folder({ 'README.txt': 'no relations here' })
    expect(() => read(dataDir)).toThrow(expect.objectContaining({ code: 'E_DATASET_EMPTY' }))
  })
})

describe('ChemProt reader', () => {
  // Title + "\n" + abstract: "Aspirin inhibits COX-1." is title; offsets count the separator.
  //            0         1         2
  //            012345678901234567890123
  const title = 'Aspirin inhibits COX-1.'
  const body = 'Caffeine binds ADORA2A. Nothing here.'
  const files = (set: string) => ({
    [`chemprot_${set}/chemprot_${set}_abstracts.tsv`]: `100\t${title}\t${body}\n`,
    [`chemprot_${set}/chemprot_${set}_entities.tsv`]: [
      '100\tT1\tCHEMICAL\t0\t7\tAspirin',
      '100\tT2\tGENE-Y\t17\t22\tCOX-1',
      '100\tT3\tCHEMICAL\t24\t32\tCaffeine',
      '100\tT4\tGENE-N\t39\t46\tADORA2A',
    ].join('\n'),
    [`chemprot_${set}/chemprot_${set}_gold_standard.tsv`]: '100\tCPR:4\tArg1:T1\tArg2:T2\n',
  })

  it('splits title and abstract into sentences and labels gold pairs with their CPR group', () => {
    const dataDir = folder(files('development'))
    const sentences = readReCorpus({
      corpus: 'chemprot',
      split: 'dev',
      dataDir,
      documents: { train: [], dev: ['100'] },
      spec: chemprotSpec,
      relations: [],
    })
    expect(sentences.map((s) => s.text)).toEqual([title, 'Caffeine binds ADORA2A.'])
    const [first, second] = sentences
    expect(first?.entities).toEqual([
      { start: 0, end: 7, label: 'CHEMICAL' },
      { start: 17, end: 22, label: 'GENE-Y' },
    ])
    expect(first && goldLabel(first, 0, 1)).toBe('CPR:4')
    expect(second?.entities[1]).toEqual({ start: 15, end: 22, label: 'GENE-N' })
    expect(second && goldLabel(second, 0, 1)).toBe('O')
  })

  it('reads the test set from chemprot_test_gs, whose files carry _gs in their names', () => {
    const dataDir = folder({
      'chemprot_test_gs/chemprot_test_abstracts_gs.tsv': `100\t${title}\t${body}\n`,
      'chemprot_test_gs/chemprot_test_entities_gs.tsv':
        '100\tT1\tCHEMICAL\t0\t7\tAspirin\n100\tT2\tGENE-Y\t17\t22\tCOX-1\n',
      'chemprot_test_gs/chemprot_test_gold_standard.tsv': '100\tCPR:9\tArg1:T1\tArg2:T2\n',
    })
    const [only] = readReCorpus({
      corpus: 'chemprot',
      split: 'test',
      dataDir,
      documents: null,
      spec: chemprotSpec,
      relations: [],
    })
    expect(only && goldLabel(only, 1, 0)).toBe('CPR:9')
  })
})

describe('PGR reader', () => {
  const header =
    'FILE_ID\tSENTENCE\tGENE\tPHENOTYPE\tGENE_ID\tPHENOTYPE_ID\tGENE_START_POSITION\tGENE_END_POSITION\tPHENOTYPE_START_POSITION\tPHENOTYPE_END_POSITION\tRELATION'
  //          0         1         2         3
  //          0123456789012345678901234567890123456
  const text = 'BRCA1 and TP53 variants cause cancer.'
  const row = (gene: string, start: number, relation: string, extra = '') =>
    `7\t${text}\t${gene}\tcancer\t1\tHP_1\t${start}\t${start + gene.length}\t30\t36\t${relation}${extra}`

  it('groups rows by sentence, labels true rows "related" and the rest "O"', () => {
    const dataDir = folder({
      '10_12_2018_corpus/train.tsv': [
        header,
        row('BRCA1', 0, 'True'),
        row('TP53', 10, 'FALSE'),
      ].join('\n'),
    })
    const [only] = readReCorpus({
      corpus: 'pgr',
      split: 'train',
      dataDir,
      documents: { train: ['7'], dev: [] },
      spec: pgrSpec,
      relations: [],
    })
    expect(only?.entities.map((e) => [text.slice(e.start, e.end), e.label])).toEqual([
      ['BRCA1', 'GENE'],
      ['cancer', 'PHENOTYPE'],
      ['TP53', 'GENE'],
    ])
    expect(only && goldLabel(only, 0, 1)).toBe('related')
    expect(only && goldLabel(only, 2, 1)).toBe('O')
  })

  it('flips the automatic label where the curators marked it incorrect, and skips bad offsets', () => {
    const dataDir = folder({
      '10_12_2018_corpus/test.tsv': [
        `${header}\tCONFIRMATION (CORRECT(C) | INCORRECT(I) | UNCERTAIN(U))`,
        row('BRCA1', 0, 'TRUE', '\tI'),
        row('TP53', 10, 'FALSE', '\tI'),
        row('TP53', 11, 'TRUE', '\tC'),
      ].join('\n'),
    })
    const [only] = readReCorpus({
      corpus: 'pgr',
      split: 'test',
      dataDir,
      documents: null,
      spec: pgrSpec,
      relations: [],
    })
    expect(only?.entities).toHaveLength(3)
    expect(only && goldLabel(only, 0, 1)).toBe('O')
    expect(only && goldLabel(only, 2, 1)).toBe('related')
  })
})

describe('maccrobatSentences with the posology, temporal and cause readings', () => {
  //           0         1         2         3         4         5
  //           012345678901234567890123456789012345678901234567890123456789
  const text = 'Fever began after aspirin 81 mg orally for 3 days; rash followed.\n'
  const ann = [
    'T1\tSign_symptom 0 5\tFever',
    'E1\tSign_symptom:T1 ',
    'T2\tMedication 18 25\taspirin',
    'E2\tMedication:T2 ',
    'T3\tDosage 26 31\t81 mg',
    'T4\tAdministration 32 38\torally',
    'T5\tDuration 43 49\t3 days',
    'E3\tDuration:T5 ',
    'T6\tSign_symptom 51 55\trash',
    'E4\tSign_symptom:T6 ',
    'R1\tMODIFY Arg1:T3 Arg2:E2\t',
    'R2\tMODIFY Arg1:T4 Arg2:E2\t',
    'R3\tBEFORE Arg1:E2 Arg2:E1\t',
    'R4\tCAUSE Arg1:E2 Arg2:E4\t',
    '*\tOVERLAP E2 E3 E1',
  ].join('\n')

  it('posology: MODIFY and OVERLAP links between a drug and its attributes, by category', () => {
    const posology = spec(
      ['Drug', 'Dosage', 'Frequency', 'Route', 'Duration'],
      [
        { head: ['Drug'], tail: ['Dosage'], category: 'drug_dosage' },
        { head: ['Drug'], tail: ['Route'], category: 'drug_route' },
        { head: ['Drug'], tail: ['Duration'], category: 'drug_duration' },
      ],
      ['O', 'drug_dosage', 'drug_route', 'drug_duration'],
    )
    const [only] = maccrobatSentences('p', text, ann, posology, ['MODIFY', 'OVERLAP'])
    expect(only?.entities.map((e) => e.label)).toEqual(['Drug', 'Dosage', 'Route', 'Duration'])
    expect(only && [1, 2, 3].map((j) => goldLabel(only, 0, j))).toEqual([
      'drug_dosage',
      'drug_route',
      'drug_duration',
    ])
  })

  it('temporal: BEFORE/AFTER in text order, OVERLAP sets as pairs, BEFORE winning over OVERLAP', () => {
    const types = ['Problem', 'Symptom', 'Procedure', 'Test', 'Drug', 'Date', 'Duration']
    const temporal = spec(
      types,
      [{ head: types, tail: types, category: null }],
      ['O', 'BEFORE', 'AFTER', 'OVERLAP'],
    )
    const [only] = maccrobatSentences('p', text, ann, temporal, ['BEFORE', 'AFTER', 'OVERLAP'])
    const [fever, aspirin, days, rash] = [0, 1, 2, 3]
    // "aspirin BEFORE fever": fever comes first in the text, so fever is AFTER aspirin.
    expect(only && goldLabel(only, fever, aspirin)).toBe('AFTER')
    expect(only && goldLabel(only, aspirin, days)).toBe('OVERLAP')
    expect(only && goldLabel(only, fever, days)).toBe('OVERLAP')
    expect(only && goldLabel(only, aspirin, rash)).toBe('O')
  })

  it('cause: CAUSE links only', () => {
    const types = ['Problem', 'Symptom', 'Procedure', 'Drug']
    const cause = spec(types, [{ head: types, tail: types, category: null }], ['O', 'CAUSE'])
    const [only] = maccrobatSentences('p', text, ann, cause, ['CAUSE'])
    expect(only?.entities.map((e) => e.label)).toEqual(['Symptom', 'Drug', 'Symptom'])
    expect(only && goldLabel(only, 1, 2)).toBe('CAUSE')
    expect(only && goldLabel(only, 0, 1)).toBe('O')
  })
})
