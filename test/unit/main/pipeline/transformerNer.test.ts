// Transformer NER without a model: whole-token windows and [CLS] pieces [SEP] sequences, as
// training/encoder/layouts.py builds them (its test_layouts cases), Viterbi decoding of a window's
// logits with and without a head's CRF scores, labels.json heads, and the NER folder kinds.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { nerModelKind } from '../../../../src/main/pipeline/nerStep'
import {
  decodeWindow,
  tokenWindows,
  windowInput,
} from '../../../../src/main/pipeline/transformerNer'
import {
  nerHead,
  type NerHead,
  type NerHeadJson,
} from '../../../../src/main/pipeline/transformerNerModel'
import { argmax } from '../../../../src/main/pipeline/viterbi'
import { CoderError } from '../../../../src/shared/errors'
import { seededRandom } from '../../../../src/shared/seededRandom'

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

const TAGS = ['O', 'B-Drug', 'I-Drug', 'B-Problem', 'I-Problem']
const LABELS_PATH = '/models/ner-literature/labels.json'
const headFrom = (json: Partial<NerHeadJson> = {}): NerHead =>
  nerHead('ade', { tags: TAGS, output: 'logits_ade', ...json }, LABELS_PATH)
const zeros = (n: number) => new Array<number>(n).fill(0)
const square = (n: number) => Array.from({ length: n }, () => zeros(n))

/** Logit rows [pieces, tags] as the model gives them, and the decoded tag names. */
const rowsOf = (rows: number[][]) => Float32Array.from(rows.flat())
const decode = (head: NerHead, rows: number[][], firstPieces: number[]) =>
  decodeWindow(head, rowsOf(rows), firstPieces).map((tag) => TAGS[tag])
const argmaxTags = (rows: number[][], firstPieces: number[]) =>
  firstPieces.map((piece) => TAGS[argmax(rows[piece] ?? [])])

describe('decodeWindow', () => {
  // [CLS] at piece 0; tokens at pieces 1, 2 and 4 (piece 3 continues token 2: never read).
  const FIRST_PIECES = [1, 2, 4]
  const ROWS = [
    [9, 0, 0, 0, 0],
    [0, 3, 0, 0, 0],
    [0, 2.0, 1.8, 0, 0],
    [0, 0, 0, 0, 9],
    [2, 0, 0, 0, 0],
  ]

  it('follows a CRF head’s transitions where argmax reads each token alone', () => {
    // Argmax: two one-token drugs. Learned B-Drug → I-Drug outweighs the 0.2 logit gap: one drug.
    expect(argmaxTags(ROWS, FIRST_PIECES)).toEqual(['B-Drug', 'B-Drug', 'O'])
    const transitions = square(TAGS.length)
    transitions[1]![2] = 1
    const crf = headFrom({ transitions, start: zeros(5), end: zeros(5) })
    expect(decode(crf, ROWS, FIRST_PIECES)).toEqual(['B-Drug', 'I-Drug', 'O'])
    // The same logits without CRF scores keep argmax's two drugs.
    expect(decode(headFrom(), ROWS, FIRST_PIECES)).toEqual(['B-Drug', 'B-Drug', 'O'])
  })

  it('adds a CRF head’s start and end scores to the first and last token', () => {
    const start = zeros(5)
    start[1] = -5
    const end = zeros(5)
    end[0] = -5
    const crf = headFrom({ transitions: square(5), start, end })
    expect(decode(crf, ROWS, FIRST_PIECES)).toEqual(['O', 'B-Drug', 'B-Drug'])
  })

  it('never emits an I- tag first, after O or after another label without CRF scores', () => {
    // Argmax would read "I-Drug" after O and "I-Problem" after B-Drug here.
    const rows = [
      [0, 0, 0, 0, 0],
      [3, 0, 1, 0, 0],
      [0, 0, 4, 0, 0],
      [0, 2, 0, 0, 0],
      [0, 0, 0, 1, 3],
    ]
    expect(argmaxTags(rows, [1, 2, 3, 4])).toEqual(['O', 'I-Drug', 'B-Drug', 'I-Problem'])
    // The strong I-Drug opens its drug one token early (giving up O's lead of 3 for I-Drug's 4);
    // the weak I-Problem becomes a B-Problem.
    const tags = decode(headFrom(), rows, [1, 2, 3, 4])
    expect(tags).toEqual(['B-Drug', 'I-Drug', 'B-Drug', 'B-Problem'])
    // And on random windows, which argmax often breaks.
    const random = seededRandom(7)
    let argmaxBroken = 0
    for (let window = 0; window < 200; window++) {
      const length = 1 + Math.floor(random() * 12)
      const logits = Array.from({ length }, () => TAGS.map(() => random() * 8 - 4))
      const firstPieces = logits.map((_, t) => t)
      if (!isBioValid(argmaxTags(logits, firstPieces))) argmaxBroken++
      expect(isBioValid(decode(headFrom(), logits, firstPieces))).toBe(true)
    }
    expect(argmaxBroken).toBeGreaterThan(100)
  })

  it('gives no tags for a window without tokens', () => {
    expect(decodeWindow(headFrom(), rowsOf([[0, 0, 0, 0, 0]]), [])).toEqual([])
  })
})

/** Every I-X follows a B-X or an I-X. */
function isBioValid(tags: readonly (string | undefined)[]): boolean {
  return tags.every((tag, t) => {
    if (!tag?.startsWith('I-')) return true
    const previous = tags[t - 1]
    return previous !== undefined && previous !== 'O' && previous.slice(2) === tag.slice(2)
  })
}

describe('nerHead', () => {
  it('has no CRF scores when labels.json gives none, and keeps them when it gives all three', () => {
    expect(headFrom().crf).toBeNull()
    expect(headFrom().rules.canStart).toEqual([true, true, false, true, false])
    const transitions = square(5)
    transitions[0]![1] = 0.5
    const head = headFrom({ transitions, start: zeros(5), end: [1, 0, 0, 0, 0] })
    expect(head.crf).toEqual({ transitions, start: zeros(5), end: [1, 0, 0, 0, 0] })
  })

  const refusals: [string, Partial<NerHeadJson>, RegExp][] = [
    ['transitions alone', { transitions: square(5) }, /needs "transitions", "start" and "end"/],
    [
      'too few rows',
      { transitions: square(4), start: zeros(5), end: zeros(5) },
      /"transitions" must be 5 rows of 5 numbers/,
    ],
    [
      'a short row',
      { transitions: [...square(4), zeros(4)], start: zeros(5), end: zeros(5) },
      /"transitions" must be 5 rows of 5 numbers/,
    ],
    [
      'a long start',
      { transitions: square(5), start: zeros(6), end: zeros(5) },
      /"start" must hold 5 numbers/,
    ],
    [
      'a short end',
      { transitions: square(5), start: zeros(5), end: zeros(3) },
      /"end" must hold 5 numbers/,
    ],
  ]
  for (const [name, json, message] of refusals) {
    it(`refuses CRF scores that do not fit the tags: ${name}`, () => {
      const error = captureError(() => headFrom(json))
      expect(error).toBeInstanceOf(CoderError)
      expect((error as CoderError).code).toBe('E_MODEL_MISSING')
      expect((error as CoderError).message).toMatch(message)
      expect((error as CoderError).message).toContain(`${LABELS_PATH} (head "ade": `)
    })
  }
})

function captureError(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  return null
}

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
