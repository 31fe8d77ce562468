// `eval ner --corpus ade`: the real CLI on a small DRUG-AE.rel written here (a model without an
// `ade` head is refused by name; one with it is scored on the card's PMIDs), and, when ../shared
// is present, the reader on the real file.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { cliRunner } from '../cliRunner'
import { evaluateNer, type NerEvalResult } from '../../../src/main/evaluation'
import { readCorpus } from '../../../src/main/evaluation/corpora'

const REPO = fileURLToPath(new URL('../../..', import.meta.url))
const SHARED = process.env.CODER_SHARED ?? join(REPO, '..', 'shared')
const MODELS = join(REPO, 'resources', 'models')
const LITERATURE = join(MODELS, 'ner-literature')

const cli = cliRunner()

const WARFARIN = 'Major bleeding occurred after warfarin was started for atrial fibrillation.'
const DRUG_AE = [
  '20001|Aspirin-induced asthma in a child.|asthma|10|16|Aspirin|0|7',
  `20002|${WARFARIN}|Major bleeding|30|44|warfarin|60|68`,
  '20002|Lithium toxicity with tremor and confusion.|tremor|90|96|Lithium|70|77',
  '20002|Lithium toxicity with tremor and confusion.|confusion|101|110|Lithium|70|77',
  '20003|Metformin caused lactic acidosis.|lactic acidosis|20|35|Metformin|10|19',
  '',
].join('\n')

const temporary: string[] = []
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  temporary.push(dir)
  return dir
}

function adeFolder(): string {
  const dir = tempDir('ade-data-')
  writeFileSync(join(dir, 'DRUG-AE.rel'), DRUG_AE)
  return dir
}

/**
 * The literature model with its labels.json heads rewritten by `edit` and its card given `data`
 * entries: a model trained with or without an `ade` head, without training one.
 */
function literatureModel(
  edit: (heads: Record<string, unknown>) => void,
  data: Record<string, unknown> = {},
): string {
  const dir = tempDir('ner-ade-')
  cpSync(LITERATURE, dir, { recursive: true })
  const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as {
    heads: Record<string, unknown>
  }
  edit(labels.heads)
  writeFileSync(join(dir, 'labels.json'), JSON.stringify(labels))
  const card = JSON.parse(readFileSync(join(dir, 'card.json'), 'utf8')) as {
    data?: Record<string, unknown>
  }
  card.data = { ...card.data, ...data }
  writeFileSync(join(dir, 'card.json'), JSON.stringify(card))
  return dir
}

describe('eval ner --corpus ade (a DRUG-AE.rel written here)', () => {
  it('exits 2 naming the model and the head it lacks', () => {
    const model = literatureModel((heads) => delete heads['ade'])
    const args = ['--corpus', 'ade', '--split', 'all', '--data', adeFolder(), '--model', model]
    const result = cli('eval', 'ner', ...args)
    expect(result.status).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr.trim()).toBe(
      `[E_OPTION] Invalid option: the NER model ${model} has no head for ade (its heads: bc5cdr, ncbi_disease, ddi2013); pass --model a model trained on it. See --help.`,
    )
  })

  it('scores Drug and Problem with the model’s ade head on the card’s dev PMIDs', () => {
    // An `ade` head that reads the BC5CDR logits: same labels, so it tags drugs and diseases.
    const model = literatureModel((heads) => (heads['ade'] = heads['bc5cdr']), {
      ade: { train_documents: ['20001', '20003'], dev_documents: ['20002'] },
    })
    const args = ['--corpus', 'ade', '--split', 'dev', '--data', adeFolder(), '--model', model]
    const result = cli('eval', 'ner', ...args, '--json')
    expect(result.stderr).toMatch(/ade dev: 2 documents/)
    expect(result.status).toBe(0)
    const json = JSON.parse(result.stdout) as NerEvalResult
    expect(json).toMatchObject({
      corpus: 'ade',
      split: 'dev',
      documents: 2,
      // warfarin, Lithium (Drug); Major bleeding, tremor, confusion (Problem).
      gold_spans: 5,
      labels_compared: ['Drug', 'Problem'],
      model: { kind: 'transformer', head: 'ade' },
    })
    expect(Object.keys(json.per_type).sort()).toEqual(['Drug', 'Problem'])
    expect(json.per_type['Drug']).toMatchObject({ support: 2 })
    expect(json.per_type['Problem']).toMatchObject({ support: 3 })
    expect(json.per_type['Drug']?.correct).toBeGreaterThan(0)
  })

  it('scores the clinical BiLSTM-CRF in fast mode, its Symptom counted as Problem', async () => {
    const result = await evaluateNer({
      corpus: 'ade',
      split: 'all',
      dataDir: adeFolder(),
      modelDir: join(MODELS, 'ner'),
    })
    expect(result).toMatchObject({
      corpus: 'ade',
      documents: 4,
      gold_spans: 9,
      merged: { Symptom: 'Problem' },
      model: { kind: 'bilstm-crf', head: null },
    })
    expect([...result.labels_compared].sort()).toEqual(['Drug', 'Problem'])
  })
})

const hasAde = existsSync(join(SHARED, 'datasets', 'ade_corpus_v2', 'DRUG-AE.rel'))
if (!hasAde) {
  console.warn(
    `skipping the ADE reader on the real file: ${SHARED}/datasets/ade_corpus_v2 is absent`,
  )
}

describe.skipIf(!hasAde)('ADE corpus v2 DRUG-AE.rel (../shared)', () => {
  it('reads one document per distinct sentence, with the spans training builds', () => {
    const documents = readCorpus({
      corpus: 'ade',
      split: 'all',
      dataDir: join(SHARED, 'datasets', 'ade_corpus_v2'),
      keepModifier: true,
      documentSplit: null,
    })
    // SOURCE.md counts 4,272 sentences of 1,644 PMIDs in the full release; 20% of the PMIDs
    // are withheld as the blind test set, which leaves these. training/encoder/tasks.py
    // ade_ner_sentences gives the same 3,422 sentences and 8,685 spans from this file.
    expect(documents).toHaveLength(3422)
    expect(new Set(documents.map((d) => d.id.split('.')[0])).size).toBe(1315)
    expect(documents.reduce((n, d) => n + d.gold.length, 0)).toBe(8685)
    expect(documents[0]).toMatchObject({
      id: '10030778.1',
      text: 'Intravenous azithromycin-induced ototoxicity.',
      gold: [
        { start: 12, end: 24, label: 'Drug' },
        { start: 33, end: 44, label: 'Problem' },
      ],
    })
    for (const document of documents) {
      expect(document.gold.every((s) => s.start < s.end && s.end <= document.text.length)).toBe(
        true,
      )
    }
  })
})
