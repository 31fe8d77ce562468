// The fast RE models end to end: TypeScript features and ONNX outputs against the Python
// fixture, the pipeline's pair/relate/enrich steps on a written note, and `eval re` via the CLI.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cliRunner } from '../cliRunner'
import { codePointToUtf16 } from '../../../src/main/evaluation/codePoints'
import {
  createPipeline,
  EXTRA_RE_MODELS,
  loadRelationModel,
  pairFeatures,
  runRelationModel,
  tokenize,
  tokenizedSentence,
  type PairEntity,
  type PairFeatures,
} from '../../../src/main/pipeline'
import type { NoteDocument } from '../../../src/shared/domain'
import { CoderError } from '../../../src/shared/errors'

const MODELS = join('resources', 'models')
const RE_MODELS = [
  're-clinical',
  're-ade',
  're-ddi',
  're-chemprot',
  're-pgr',
  're-posology',
  're-temporal',
  're-cause',
].filter((name) => existsSync(join(MODELS, name, 'model.onnx')))

interface Fixture {
  records: {
    text: string
    entities: [number, number, string][]
    pairs: [number, number, string][]
  }[]
  features: (PairFeatures & { types: [number, number] })[]
  probs: number[][]
}

describe.each(RE_MODELS)('%s against its training-time fixture', (name) => {
  const dir = join(MODELS, name)
  const fixture = JSON.parse(readFileSync(join(dir, 'fixture.json'), 'utf8')) as Fixture

  it('computes the same features as training/re/features.py', async () => {
    const model = await loadRelationModel(dir)
    const computed: PairFeatures[] = []
    for (const record of fixture.records) {
      const toUtf16 = codePointToUtf16(record.text)
      const entities: PairEntity[] = record.entities.map(([start, end, label]) => ({
        start: toUtf16(start),
        end: toUtf16(end),
        label,
      }))
      const sentence = tokenizedSentence(record.text, tokenize(record.text), model.wordId)
      for (const [i, j] of record.pairs) {
        const features = pairFeatures(sentence, entities, i, j, model.spec)
        if (features) computed.push(features)
      }
    }
    const expected = fixture.features
    expect(expected.length).toBeGreaterThan(0)
    computed.slice(0, expected.length).forEach((features, k) => {
      const want = expected[k] as PairFeatures
      expect({ ...features, scalars: [] }).toEqual({ ...want, scalars: [] })
      features.scalars.forEach((value, s) => expect(value).toBeCloseTo(want.scalars[s] ?? NaN, 6))
    })
  })

  it('gives the probabilities PyTorch gave, in one batch', async () => {
    const model = await loadRelationModel(dir)
    const probs = await runRelationModel(model, fixture.features)
    const classes = model.spec.classes.length
    fixture.probs.forEach((row, k) =>
      row.forEach((p, c) => expect(probs[k * classes + c]).toBeCloseTo(p, 4)),
    )
  })
})

function note(text: string): NoteDocument {
  return { id: 'knee.txt', path: '/notes/knee.txt', text, encoding: 'utf-8', sections: [] }
}

describe.runIf(RE_MODELS.includes('re-clinical'))('pipeline with the clinical RE model', () => {
  it('relates chunks that exist and enriches "pain" to "left knee pain"', async () => {
    const pipeline = await createPipeline({ modelDir: join(MODELS, 'ner') })
    expect(pipeline.steps.map((step) => step.name)).toEqual([
      'segment',
      'ner',
      'consistency',
      'assert',
      'pair',
      'relate',
      'enrich',
      ...EXTRA_RE_MODELS.filter((name) => RE_MODELS.includes(name)).map((name) => `relate:${name}`),
    ])
    const analyzed = await pipeline.analyze(note('She has pain in the left knee after a fall.'))
    const ids = new Set(analyzed.chunks.map((chunk) => chunk.id))
    expect(analyzed.relations.length).toBeGreaterThan(0)
    for (const relation of analyzed.relations) {
      expect(ids.has(relation.head) && ids.has(relation.tail)).toBe(true)
      expect(relation.model).toBe('fast')
      expect(relation.confidence).toBeGreaterThan(0.5)
    }
    const pain = analyzed.chunks.find((chunk) => chunk.text === 'pain')
    const enriched = analyzed.enriched.find((entry) => entry.chunk === pain?.id)
    expect(enriched?.text).toBe('left knee pain')
    expect(Object.isFrozen(analyzed.relations)).toBe(true)
  }, 60_000)

  it('refuses a missing RE model folder that was asked for', async () => {
    const failure = await createPipeline({
      modelDir: join(MODELS, 'ner'),
      reModelDir: join(MODELS, 're-nowhere'),
    }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(CoderError)
    expect((failure as CoderError).code).toBe('E_MODEL_MISSING')
  })
})

const POSOLOGY_NOTE =
  'She was started on metformin 500 mg orally twice daily for 3 months. ' +
  'Two days later she developed fever and severe pain in the left knee.'

describe.runIf(['re-clinical', 're-posology', 're-temporal'].every((m) => RE_MODELS.includes(m)))(
  'pipeline with the posology and temporal models after the clinical one',
  () => {
    it('relates a drug to its dosage and duration and events in time; enrichment stays clinical', async () => {
      const pipeline = await createPipeline({ modelDir: join(MODELS, 'ner') })
      expect(pipeline.models.map((model) => model.name)).toEqual(
        expect.arrayContaining(['re-clinical', 're-posology', 're-temporal']),
      )
      const analyzed = await pipeline.analyze(note(POSOLOGY_NOTE))
      const byId = new Map(analyzed.chunks.map((chunk) => [chunk.id, chunk]))
      const shown = analyzed.relations.map((relation) => {
        const head = byId.get(relation.head)
        const tail = byId.get(relation.tail)
        expect(head && tail).toBeTruthy()
        expect(relation.model).toBe('fast')
        return `${relation.type}: ${head?.text} → ${tail?.label}`
      })
      expect(shown).toEqual(
        expect.arrayContaining([
          'drug_dosage: metformin → Dosage',
          'drug_duration: metformin → Duration',
          'bodypart_problem: pain → BodyPart',
        ]),
      )
      const temporal = analyzed.relations.filter((r) =>
        ['BEFORE', 'AFTER', 'OVERLAP'].includes(r.type),
      )
      expect(temporal.length).toBeGreaterThan(0)
      // The drug's relations are not modifiers: the only enriched chunk is the knee pain.
      expect(analyzed.enriched.map((entry) => entry.text)).toEqual(['severe left knee pain'])
      expect(Object.isFrozen(analyzed.relations)).toBe(true)
    }, 60_000)

    it('runs only the extra models it is given', async () => {
      const pipeline = await createPipeline({
        modelDir: join(MODELS, 'ner'),
        extraReModelDirs: [join(MODELS, 're-posology')],
      })
      expect(pipeline.steps.map((step) => step.name).slice(-2)).toEqual([
        'enrich',
        'relate:re-posology',
      ])
      const analyzed = await pipeline.analyze(note(POSOLOGY_NOTE))
      const types = new Set(analyzed.relations.map((relation) => relation.type))
      expect(types.has('drug_dosage')).toBe(true)
      expect(['BEFORE', 'AFTER', 'OVERLAP'].some((type) => types.has(type))).toBe(false)
    }, 60_000)

    it('refuses an extra RE model folder that is missing', async () => {
      const failure = await createPipeline({
        modelDir: join(MODELS, 'ner'),
        extraReModelDirs: [join(MODELS, 're-nowhere')],
      }).catch((error: unknown) => error)
      expect((failure as CoderError).code).toBe('E_MODEL_MISSING')
    })
  },
)

const cli = cliRunner()

describe.runIf(RE_MODELS.includes('re-clinical'))('eval re', () => {
  const data = join('test', 'fixtures', 're-maccrobat')

  it('scores every whitelisted pair of the gold entities, per type, as CLI.md says', () => {
    const result = cli(
      'eval',
      're',
      '--corpus',
      'maccrobat',
      '--split',
      'all',
      '--data',
      data,
      '--json',
    )
    expect(result.status).toBe(0)
    const out = JSON.parse(result.stdout) as {
      corpus: string
      split: string
      mode: string
      pairs: number
      macro_f1: number
      micro_f1: number
      per_type: Record<string, { p: number; r: number; f1: number; support: number }>
      seconds: number
    }
    expect([out.corpus, out.split, out.mode, out.pairs]).toEqual(['maccrobat', 'all', 'fast', 6])
    expect(Object.values(out.per_type).map((t) => t.support)).toEqual([1, 1, 1, 1, 1, 1])
    expect(out.macro_f1).toBeGreaterThan(0.5)
    expect(out.micro_f1).toBeGreaterThan(0.5)
    expect(out.seconds).toBeGreaterThanOrEqual(0)
  }, 120_000)

  it('refuses an unknown --mode with E_OPTION and exit code 2', () => {
    const result = cli('eval', 're', '--corpus', 'ade', '--split', 'dev', '--mode', 'turbo')
    expect(result.status).toBe(2)
    expect(result.stderr).toMatch(/\[E_OPTION\].*mode/)
  }, 120_000)
})

describe.runIf(RE_MODELS.includes('re-chemprot'))('eval re --corpus chemprot', () => {
  it('reads a folder in the release layout and scores the CPR groups with re-chemprot', () => {
    const data = mkdtempSync(join(tmpdir(), 'chemprot-'))
    const dir = join(data, 'chemprot_development')
    mkdirSync(dir)
    const title = 'Aspirin inhibits COX-1 and COX-2.'
    writeFileSync(join(dir, 'chemprot_development_abstracts.tsv'), `1\t${title}\tNone.\n`)
    writeFileSync(
      join(dir, 'chemprot_development_entities.tsv'),
      '1\tT1\tCHEMICAL\t0\t7\tAspirin\n1\tT2\tGENE-Y\t17\t22\tCOX-1\n1\tT3\tGENE-Y\t27\t32\tCOX-2\n',
    )
    writeFileSync(
      join(dir, 'chemprot_development_gold_standard.tsv'),
      '1\tCPR:4\tArg1:T1\tArg2:T2\n1\tCPR:4\tArg1:T1\tArg2:T3\n',
    )
    const result = cli(
      'eval',
      're',
      '--corpus',
      'chemprot',
      '--split',
      'all',
      '--data',
      data,
      '--json',
    )
    expect(result.status).toBe(0)
    const out = JSON.parse(result.stdout) as {
      pairs: number
      per_type: Record<string, { support: number }>
    }
    expect(out.pairs).toBe(2)
    expect(Object.keys(out.per_type)).toEqual(['CPR:3', 'CPR:4', 'CPR:5', 'CPR:6', 'CPR:9'])
    expect(out.per_type['CPR:4']?.support).toBe(2)
  }, 120_000)
})
