// The whole pipeline on real ONNX (the tiny fixture model): import → segment → NER → assertion,
// with the offset invariant on every span, batching, and model errors.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createPipeline,
  readNote,
  type AnalyzedNote,
  type Pipeline,
} from '../../../src/main/pipeline'
import { findSections } from '../../../src/main/pipeline'
import { loadNerModel } from '../../../src/main/pipeline/nerModel'
import type { NoteDocument } from '../../../src/shared/domain'
import type { Span } from '../../../src/shared/text'

const TINY_DIR = fileURLToPath(new URL('../../fixtures/ner-tiny', import.meta.url))
const NOTE = fileURLToPath(new URL('../../fixtures/pipeline/ed-chest.txt', import.meta.url))
const NOTE_430 = fileURLToPath(new URL('../../fixtures/pipeline/note-430.txt', import.meta.url))

let pipeline: Pipeline
let analyzed: AnalyzedNote
beforeAll(async () => {
  pipeline = await createPipeline({ modelDir: TINY_DIR })
  analyzed = await pipeline.analyze(readNote(NOTE))
})

function noteOf(text: string, id = 'inline.txt'): NoteDocument {
  return { id, path: `/${id}`, text, encoding: 'utf-8', sections: [] }
}

function expectSliceText(text: string, spans: readonly (Span & { text?: string })[]): void {
  for (const span of spans) {
    expect(span.start).toBeGreaterThanOrEqual(0)
    expect(span.end).toBeLessThanOrEqual(text.length)
    expect(span.start).toBeLessThan(span.end)
    if (span.text !== undefined) expect(span.text).toBe(text.slice(span.start, span.end))
  }
}

describe('createPipeline + analyze', () => {
  it('shares one model session per folder across pipelines', async () => {
    expect(await loadNerModel(TINY_DIR)).toBe(await loadNerModel(TINY_DIR))
  })

  it('lists its steps in order', () => {
    expect(pipeline.steps.map((s) => s.name)).toEqual(['segment', 'ner', 'consistency', 'assert'])
    expect(pipeline.models[0]?.name).toBe('ner-tiny-fixture')
  })

  it('finds the chunks of the note with labels, ids in text order and assertions', () => {
    const rows = analyzed.chunks.map((c) => [
      c.id,
      c.text,
      c.label,
      c.assertion,
      c.assertionCue?.text ?? null,
    ])
    expect(rows).toEqual([
      ['c1', 'Chest pain', 'Symptom', 'present', null],
      ['c2', 'cough', 'Symptom', 'present', null],
      ['c3', 'chest pain', 'Symptom', 'absent', 'denies'],
      ['c4', 'cough', 'Symptom', 'present', null],
      ['c5', 'fever', 'Symptom', 'absent', 'No'],
      ['c6', 'MI', 'Problem', 'historical', 'history of'],
      ['c7', 'fever', 'Symptom', 'hypothetical', 'Return if'],
      ['c8', 'PE', 'Problem', 'possible', 'Rule out'],
      ['c9', 'Diabetes', 'Problem', 'historical', 'Past Medical History'],
      ['c10', 'MI', 'Problem', 'historical', 'Past Medical History'],
      ['c11', 'diabetes', 'Problem', 'family', 'Mother has'],
      ['c12', 'Cough', 'Symptom', 'present', null],
      ['c13', 'pneumonia', 'Problem', 'possible', 'possible'],
      ['c14', 'Metformin', 'Drug', 'present', null],
      ['c15', 'HbA', 'Test', 'present', null],
    ])
    for (const chunk of analyzed.chunks) {
      expect(chunk.confidence).toBeGreaterThan(0.5)
      expect(chunk.confidence).toBeLessThanOrEqual(1)
    }
  })

  it('keeps every span a slice of the one text: sections, sentences, tokens, chunks, cues', () => {
    const { text } = analyzed.document
    expectSliceText(text, analyzed.document.sections)
    expectSliceText(text, analyzed.sentences)
    expectSliceText(
      text,
      analyzed.sentences.flatMap((s) => s.tokens),
    )
    expectSliceText(text, analyzed.chunks)
    expectSliceText(
      text,
      analyzed.chunks.flatMap((c) => (c.assertionCue ? [c.assertionCue] : [])),
    )
    expect(analyzed.relations).toEqual([])
    expect(analyzed.enriched).toEqual([])
  })

  it('returns frozen output', () => {
    expect(Object.isFrozen(analyzed)).toBe(true)
    expect(Object.isFrozen(analyzed.chunks)).toBe(true)
    expect(Object.isFrozen(analyzed.chunks[0])).toBe(true)
    expect(Object.isFrozen(analyzed.sentences[0]?.tokens)).toBe(true)
  })

  it('tags each sentence the same alone as in a batch of many (padding and sorting)', async () => {
    const lines = Array.from({ length: 70 }, (_, i) =>
      i % 3 === 0
        ? `Line ${i} has cough.`
        : `Patient denies chest pain and fever on day ${i} of ${'x '.repeat(i % 7)}stay.`,
    )
    const many = await pipeline.analyze(noteOf(lines.join('\n')))
    const alone = await Promise.all(lines.map((line) => pipeline.analyze(noteOf(line))))
    const offsets = lines.map((_, i) => lines.slice(0, i).join('\n').length + (i > 0 ? 1 : 0))
    const expected = alone.flatMap((note, i) =>
      note.chunks.map((c) => [c.start + (offsets[i] ?? 0), c.label, c.confidence.toFixed(6)]),
    )
    expect(many.chunks.map((c) => [c.start, c.label, c.confidence.toFixed(6)])).toEqual(expected)
    expect(many.sentences.length).toBeGreaterThan(32)
  })

  it('does not tag header lines', async () => {
    const text = '## Cough\nFever and cough.'
    const note = await pipeline.analyze({ ...noteOf(text), sections: findSections(text) })
    expect(note.chunks.map((c) => c.text)).toEqual(['Fever', 'cough'])
  })

  it('keeps offsets on UTF-16 text with astral characters and CRLF', async () => {
    const text = '😀 Café note.\r\nPatient denies chest pain 😀.\r\n'
    const note = await pipeline.analyze(noteOf(text))
    expectSliceText(text, note.chunks)
    expect(note.chunks.map((c) => [c.text, c.assertion])).toEqual([['chest pain', 'absent']])
  })
})

describe('model errors', () => {
  let dir = ''
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'coder-model-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  function copyModel(name: string): string {
    const target = join(dir, name)
    mkdirSync(target, { recursive: true })
    for (const file of readdirSync(TINY_DIR)) copyFileSync(join(TINY_DIR, file), join(target, file))
    return target
  }

  /** The tiny model with some labels.json fields replaced. */
  function withLabels(name: string, change: Record<string, unknown>): string {
    const target = copyModel(name)
    const path = join(target, 'labels.json')
    const labels = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>
    writeFileSync(path, JSON.stringify({ ...labels, ...change }))
    return target
  }

  function without(name: string, file: string): string {
    const target = copyModel(name)
    rmSync(join(target, file))
    return target
  }

  it.each([
    ['a missing folder', () => join(dir, 'nowhere'), 'nowhere'],
    [
      'a corrupt model.onnx',
      () => {
        const target = copyModel('corrupt')
        writeFileSync(join(target, 'model.onnx'), 'not a model')
        return target
      },
      'model.onnx',
    ],
    [
      'labels of another tokenizer',
      () => withLabels('tokenizer', { tokenPattern: '\\S+' }),
      'labels.json',
    ],
    [
      'transitions of the wrong shape',
      () => withLabels('transitions', { transitions: [[0, 1]] }),
      'labels.json',
    ],
    ['a words.txt that is not there', () => without('words', 'words.txt'), 'words.txt'],
  ])('refuses %s with E_MODEL_MISSING naming the file', async (_name, makeDir, file) => {
    const failure = await createPipeline({ modelDir: makeDir() }).catch((error: unknown) => error)
    expect(failure).toMatchObject({ code: 'E_MODEL_MISSING' })
    expect((failure as Error).message).toContain(file)
  })
})

const REAL_DIR = fileURLToPath(new URL('../../../resources/models/ner', import.meta.url))
const hasRealModel = existsSync(join(REAL_DIR, 'model.onnx'))

describe.skipIf(!hasRealModel)(
  'the real NER model (skipped until resources/models/ner exists)',
  () => {
    it('analyzes the 430-word note with every span a slice of the text', async () => {
      const real = await createPipeline({ modelDir: REAL_DIR })
      const note = await real.analyze(readNote(NOTE_430))
      const { text } = note.document
      expect(note.chunks.length).toBeGreaterThan(20)
      expectSliceText(text, note.chunks)
      expectSliceText(
        text,
        note.chunks.flatMap((c) => (c.assertionCue ? [c.assertionCue] : [])),
      )
      const denied = note.chunks.filter((c) => c.assertion === 'absent').map((c) => c.text)
      expect(denied).toContain('nausea')
    })
  },
)
