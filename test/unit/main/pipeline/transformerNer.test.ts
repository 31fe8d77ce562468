// Transformer NER inputs without a model: whole-token windows and [CLS] pieces [SEP] sequences,
// as training/encoder/layouts.py builds them (its test_layouts cases), and the NER folder kinds.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { nerModelKind } from '../../../../src/main/pipeline/nerStep'
import { tokenWindows, windowInput } from '../../../../src/main/pipeline/transformerNer'
import { CoderError } from '../../../../src/shared/errors'

const IDS = { pad: 0, cls: 2, sep: 3 }

describe('tokenWindows', () => {
  it('keeps whole tokens: a token that would overflow the window starts the next one', () => {
    expect(tokenWindows([100, 100, 100], 254)).toEqual([
      { first: 0, end: 2 },
      { first: 2, end: 3 },
    ])
  })

  it('fills a window up to exactly maxPieces, and gives one window to a short sentence', () => {
    expect(tokenWindows([127, 127, 1], 254)).toEqual([
      { first: 0, end: 2 },
      { first: 2, end: 3 },
    ])
    expect(tokenWindows([1, 2, 3], 254)).toEqual([{ first: 0, end: 3 }])
  })

  it('counts an over-long token as maxPieces, alone in its window', () => {
    expect(tokenWindows([1, 300, 1], 4)).toEqual([
      { first: 0, end: 1 },
      { first: 1, end: 2 },
      { first: 2, end: 3 },
    ])
  })

  it('gives one empty window for no tokens, as Python does', () => {
    expect(tokenWindows([], 254)).toEqual([{ first: 0, end: 0 }])
  })
})

describe('windowInput', () => {
  it('is [CLS] pieces [SEP], each token read at its first piece', () => {
    expect(windowInput([[5], [6, 7]], 254, IDS)).toEqual({
      ids: [2, 5, 6, 7, 3],
      firstPieces: [1, 2],
    })
  })

  it('keeps at most maxPieces pieces of a token and maxPieces + 2 ids', () => {
    expect(windowInput([[5, 6, 7, 8, 9, 10]], 4, IDS)).toEqual({
      ids: [2, 5, 6, 7, 8, 3],
      firstPieces: [1],
    })
  })
})

describe('nerModelKind', () => {
  const tiny = fileURLToPath(new URL('../../../fixtures/ner-tiny', import.meta.url))

  it('tells a transformer folder (labels.json with heads) from a BiLSTM-CRF one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ner-kind-'))
    const transformer = join(dir, 'transformer')
    mkdirSync(transformer)
    writeFileSync(join(transformer, 'labels.json'), JSON.stringify({ kind: 'ner', heads: {} }))
    expect(nerModelKind(transformer)).toBe('transformer')
    expect(nerModelKind(tiny)).toBe('bilstm-crf')
    // A folder without labels.json goes to the BiLSTM-CRF loader, which names the missing file.
    expect(nerModelKind(join(dir, 'absent'))).toBe('bilstm-crf')
  })

  it('refuses an unreadable labels.json with E_MODEL_MISSING', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ner-kind-'))
    writeFileSync(join(dir, 'labels.json'), '{ not json')
    expect(() => nerModelKind(dir)).toThrow(CoderError)
    expect(() => nerModelKind(dir)).toThrow(/labels\.json/)
  })
})
