// The shipped transformer NER models in the product pipeline: sensible chunks on written
// sentences, the same chunk shape as the BiLSTM-CRF (assertion and the later steps run on them),
// accurate mode, windows over long sentences, heads, a head's CRF scores from labels.json, and
// clear errors for broken folders.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { Sentence } from '../../../src/shared/domain'
import { CoderError } from '../../../src/shared/errors'
import { createPipeline, findSections } from '../../../src/main/pipeline'
import { tagWithTransformer } from '../../../src/main/pipeline/transformerNer'
import { headOf, loadTransformerNerModel } from '../../../src/main/pipeline/transformerNerModel'
import { tokenize } from '../../../src/main/pipeline/segment'

const MODELS = fileURLToPath(new URL('../../../resources/models', import.meta.url))
const CLINICAL = join(MODELS, 'ner-transformer')
const LITERATURE = join(MODELS, 'ner-literature')

const NOTE =
  'The patient was given 500 mg of metformin twice daily for type 2 diabetes. ' +
  'She denies chest pain. CT of the left knee showed a small effusion.'
const ABSTRACT =
  'Aspirin-induced asthma was treated with prednisone. ' +
  'Warfarin increases the risk of bleeding in patients with breast cancer.'

function noteOf(text: string) {
  return {
    id: 'n1',
    path: 'n1.txt',
    text,
    encoding: 'utf-8' as const,
    sections: findSections(text),
  }
}

async function chunksOf(options: Parameters<typeof createPipeline>[0], text: string) {
  const pipeline = await createPipeline(options)
  const analysis = await pipeline.analyze(noteOf(text))
  return { pipeline, analysis, labeled: analysis.chunks.map((c) => `${c.text}/${c.label}`) }
}

describe('transformer NER in the pipeline', () => {
  it('tags a clinical note with the product labels, as chunks the later steps use', async () => {
    const { pipeline, analysis, labeled } = await chunksOf({ modelDir: CLINICAL }, NOTE)
    expect(pipeline.models[0]?.name).toBe('clinical-coder-ner-transformer')
    expect(pipeline.steps.map((s) => s.name)).toContain('ner')
    for (const expected of [
      '500 mg/Dosage',
      'metformin/Drug',
      'chest/BodyPart',
      'pain/Symptom',
      'CT/Test',
      'left/Direction',
      'knee/BodyPart',
    ]) {
      expect(labeled).toContain(expected)
    }
    for (const chunk of analysis.chunks) {
      expect(NOTE.slice(chunk.start, chunk.end)).toBe(chunk.text)
      expect(chunk.confidence).toBeGreaterThan(0)
      expect(chunk.confidence).toBeLessThanOrEqual(1)
    }
    expect(analysis.chunks.map((c) => c.id)).toEqual(analysis.chunks.map((_, i) => `c${i + 1}`))
    // The assertion step runs unchanged after it: "denies" negates the pain.
    const pain = analysis.chunks.find((c) => c.text === 'pain')
    expect(pain?.assertion).toBe('absent')
    expect(pain?.assertionCue?.text.toLowerCase()).toBe('denies')
  })

  it('runs the transformer NER in accurate mode, the BiLSTM-CRF in fast mode', async () => {
    const fast = await createPipeline({ modelDir: join(MODELS, 'ner') })
    const accurate = await createPipeline({ modelDir: join(MODELS, 'ner'), mode: 'accurate' })
    expect(fast.mode).toBe('fast')
    expect(fast.models[0]?.name).toBe('clinical-coder-ner')
    expect(accurate.mode).toBe('accurate')
    expect(accurate.models[0]?.name).toBe('clinical-coder-ner-transformer')
    // Accurate mode averages the transformer with the fast BiLSTM-CRF (nerBlend.ts).
    expect(accurate.nerBlendedWith?.name).toBe('clinical-coder-ner')
    expect(fast.nerBlendedWith).toBeNull()
    const analysis = await accurate.analyze(noteOf(NOTE))
    expect(analysis.chunks.map((c) => `${c.text}/${c.label}`)).toContain('metformin/Drug')
    for (const chunk of analysis.chunks) {
      expect(chunk.confidence).toBeGreaterThan(0)
      expect(chunk.confidence).toBeLessThanOrEqual(1)
    }
  })

  it('tags alone where the transformer head and the BiLSTM-CRF tag other labels', async () => {
    const pipeline = await createPipeline({
      modelDir: join(MODELS, 'ner-literature'),
      nerHead: 'bc5cdr',
      nerBlendDir: join(MODELS, 'ner'),
    })
    expect(pipeline.nerBlendedWith).toBeNull()
  })

  it('tags literature with each head of the literature model', async () => {
    const bc5cdr = await chunksOf({ modelDir: LITERATURE, nerHead: 'bc5cdr' }, ABSTRACT)
    expect(bc5cdr.labeled).toEqual(
      expect.arrayContaining([
        'Aspirin/Drug',
        'asthma/Problem',
        'prednisone/Drug',
        'Warfarin/Drug',
      ]),
    )
    expect(bc5cdr.labeled).toContain('breast cancer/Problem')
    const ncbi = await chunksOf({ modelDir: LITERATURE, nerHead: 'ncbi_disease' }, ABSTRACT)
    expect(ncbi.labeled).toContain('breast cancer/Problem')
    expect(ncbi.labeled.filter((l) => l.endsWith('/Drug'))).toEqual([])
    const ddi = await chunksOf({ modelDir: LITERATURE, nerHead: 'ddi2013' }, ABSTRACT)
    expect(ddi.labeled).toEqual(['Aspirin/Drug', 'prednisone/Drug', 'Warfarin/Drug'])
  })

  it('refuses a head the model lacks, and a multi-head model without one, naming its heads', async () => {
    await expect(createPipeline({ modelDir: LITERATURE, nerHead: 'maccrobat' })).rejects.toThrow(
      /no "maccrobat" head; its heads: bc5cdr, ncbi_disease, ddi2013/,
    )
    await expect(createPipeline({ modelDir: LITERATURE })).rejects.toThrow(/several heads/)
  })

  it('tags every token of a sentence longer than one window (254 pieces)', async () => {
    const model = await loadTransformerNerModel(CLINICAL)
    // 150 × "metformin 500 mg ," is 600 tokens and far more than 254 pieces: several windows.
    const text = 'metformin 500 mg , '.repeat(150).trim()
    const tokens = tokenize(text)
    const sentence: Sentence = { start: 0, end: text.length, tokens }
    const [tagged] = await tagWithTransformer(model, headOf(model, 'maccrobat'), text, [sentence])
    expect(tagged?.tags).toHaveLength(tokens.length)
    const head = headOf(model, 'maccrobat')
    const names = tagged?.tags.map((t) => head.tags[t]) ?? []
    // The last "metformin" sits in the last window and is still read as a drug.
    expect(names[tokens.length - 4]).toBe('B-Drug')
    expect(names[0]).toBe('B-Drug')
  })

  it('decodes with a head’s CRF scores from labels.json, and refuses ones of the wrong shape', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ner-crf-'))
    const dir = join(root, 'crf')
    const bad = join(root, 'bad')
    try {
      cpSync(LITERATURE, dir, { recursive: true })
      const path = join(dir, 'labels.json')
      const labels = JSON.parse(readFileSync(path, 'utf8')) as {
        heads: Record<string, Record<string, unknown>>
      }
      const zeros = () => [0, 0, 0]
      // ddi2013 tags: O, B-Drug, I-Drug. A start score that no drug can overcome.
      labels.heads['ddi2013'] = {
        ...labels.heads['ddi2013'],
        transitions: [zeros(), zeros(), zeros()],
        start: [0, -1000, 0],
        end: zeros(),
      }
      writeFileSync(path, JSON.stringify(labels))
      const ddi = await chunksOf({ modelDir: dir, nerHead: 'ddi2013' }, ABSTRACT)
      // Without the scores: Aspirin, prednisone, Warfarin (previous test). Both sentences open
      // with a drug, which the start score now rules out.
      expect(ddi.labeled).toEqual(['prednisone/Drug'])
      cpSync(dir, bad, { recursive: true })
      labels.heads['ddi2013'] = { ...labels.heads['ddi2013'], transitions: [zeros(), zeros()] }
      writeFileSync(join(bad, 'labels.json'), JSON.stringify(labels))
      await expect(createPipeline({ modelDir: bad, nerHead: 'ddi2013' })).rejects.toThrow(
        /labels\.json \(head "ddi2013": "transitions" must be 3 rows of 3 numbers, one per tag\)/,
      )
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })

  it('says which file is missing from a broken model folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ner-transformer-'))
    try {
      cpSync(CLINICAL, dir, { recursive: true })
      rmSync(join(dir, 'vocab.txt'))
      const error = await createPipeline({ modelDir: dir }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(CoderError)
      expect((error as CoderError).code).toBe('E_MODEL_MISSING')
      expect((error as CoderError).message).toContain(join(dir, 'vocab.txt'))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
