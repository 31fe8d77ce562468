// `eval ner` end to end: the real CLI process with the tiny ONNX model on a fixture folder, and
// (when ../shared is present) the shipped model on the MACCROBAT dev split against its card.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { cliRunner } from '../cliRunner'
import { evaluateNer, type NerEvalResult } from '../../../src/main/evaluation'

const TINY_MODEL = fileURLToPath(new URL('../../fixtures/ner-tiny', import.meta.url))
const BC5CDR = fileURLToPath(new URL('../../fixtures/eval/bc5cdr', import.meta.url))
const REPO = fileURLToPath(new URL('../../..', import.meta.url))
const SHARED = process.env.CODER_SHARED ?? join(REPO, '..', 'shared')
const MACCROBAT = join(SHARED, 'datasets', 'maccrobat2020')
const MODEL = join(REPO, 'resources', 'models', 'ner')

const cli = cliRunner()

describe('eval ner (tiny model, fixture folder)', () => {
  const args = ['eval', 'ner', '--corpus', 'bc5cdr', '--split', 'dev', '--data', BC5CDR]

  it('prints CLI.md’s JSON on stdout and the table on stderr', () => {
    const result = cli(...args, '--model', TINY_MODEL, '--json')
    expect(result.status).toBe(0)
    const json = JSON.parse(result.stdout) as NerEvalResult
    // Gold: Drug Aspirin, Metformin, Lithium; Problem fever, chest pain, pneumonia, diabetes
    // mellitus, tremor. The tiny model finds Aspirin, Metformin (Drug); fever, chest pain
    // (Symptom, scored as Problem), pneumonia, diabetes (partial: a miss), cough (Problem);
    // HbA (Test: not annotated by BC5CDR, ignored).
    expect(json).toMatchObject({
      corpus: 'bc5cdr',
      split: 'dev',
      micro_f1: 0.6667,
      p: 0.7143,
      r: 0.625,
      per_type: {
        Problem: { p: 0.6, r: 0.6, f1: 0.6, support: 5 },
        Drug: { p: 1, r: 0.6667, f1: 0.8, support: 3 },
      },
      labels_compared: ['Problem', 'Drug'],
      merged: { Symptom: 'Problem' },
      ignored_predictions: 1,
      documents: 2,
    })
    expect(result.stderr).toMatch(/bc5cdr dev: 2 documents/)
    expect(result.stderr).toMatch(/micro\s+0\.7143\s+0\.6250\s+0\.6667\s+8\s+7/)
  })

  it('prints nothing on stdout without --json', () => {
    const result = cli(...args, '--model', TINY_MODEL)
    expect(result.status).toBe(0)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(/Problem\s+0\.6000/)
  })

  it('exits 2 with a one-line [CODE] message on bad input', () => {
    const badSplit = cli('eval', 'ner', '--corpus', 'bc5cdr', '--split', 'test', '--data', BC5CDR)
    expect(badSplit.status).toBe(2)
    expect(badSplit.stderr.trim()).toMatch(/^\[E_DATASET_EMPTY\] .*CDR_TestSet\.PubTator\.txt/)
    const badCorpus = cli('eval', 'ner', '--corpus', 'i2b2', '--split', 'dev', '--data', BC5CDR)
    expect(badCorpus.status).toBe(2)
    expect(badCorpus.stderr).toMatch(/^\[E_OPTION\] .*--corpus must be one of/)
    const noModel = cli(...args, '--model', join(REPO, 'no-such-model'))
    expect(noModel.status).toBe(2)
    expect(noModel.stderr).toMatch(/^\[E_MODEL_MISSING\]/)
  })
})

const hasMaccrobat = existsSync(join(MACCROBAT, 'MACCROBAT2020')) && existsSync(MODEL)
if (!hasMaccrobat) {
  console.warn(`skipping the MACCROBAT dev check: ${MACCROBAT} or ${MODEL} is absent`)
}

describe.skipIf(!hasMaccrobat)('eval ner on the real MACCROBAT dev split (../shared)', () => {
  it('builds the card’s gold spans exactly and scores close to the card', async () => {
    const card = JSON.parse(readFileSync(join(MODEL, 'card.json'), 'utf8')) as {
      dev: { micro_f1: number; per_label: Record<string, { support: number }> }
    }
    const result = await evaluateNer({
      corpus: 'maccrobat',
      split: 'dev',
      dataDir: MACCROBAT,
      modelDir: MODEL,
    })
    expect(result.documents).toBe(32)
    for (const [label, scores] of Object.entries(card.dev.per_label)) {
      expect(result.per_type[label]?.support, label).toBe(scores.support)
    }
    // Training scores its own sentences (whole lines); the app splits sentences its own way.
    expect(Math.abs(result.micro_f1 - card.dev.micro_f1)).toBeLessThan(0.005)
  }, 120_000)
})
