// The accurate RE model's input layouts: the same ids, indices and masks as
// training/encoder/layouts.py builds (the cases below are worked out by hand from it).
import { describe, expect, it } from 'vitest'
import {
  CLS,
  mayAttend,
  pairBatch,
  pairSequence,
  PAD,
  SEP,
  sentenceBatch,
  sentenceSequence,
  type MarkerIds,
} from '../../../../src/main/pipeline/markerLayouts'

const M: MarkerIds = {
  '[E1]': 901,
  '[/E1]': 902,
  '[E2]': 903,
  '[/E2]': 904,
  '[ENT]': 905,
  '[/ENT]': 906,
}
const MASK = -10000

/** n tokens of one piece each, piece id = 100 + token index. */
const onePiece = (n: number): number[][] => Array.from({ length: n }, (_, k) => [100 + k])

describe('pairSequence (one pass per pair)', () => {
  it('wraps the head in [E1] [/E1] and the tail in [E2] [/E2], multi-piece tokens whole', () => {
    const pieces = [[10], [11, 12], [13], [14]]
    const s = pairSequence(pieces, { first: 0, end: 1 }, { first: 1, end: 3 }, M, 128)
    expect(s.ids).toEqual([CLS, 901, 10, 902, 903, 11, 12, 13, 904, 14, SEP])
    expect(s.ids[s.headIndex]).toBe(M['[E1]'])
    expect(s.ids[s.tailIndex]).toBe(M['[E2]'])
    expect([s.headIndex, s.tailIndex]).toEqual([1, 4])
  })

  it('centres a 128-piece window on a pair in a long sentence', () => {
    const s = pairSequence(
      onePiece(200),
      { first: 150, end: 151 },
      { first: 152, end: 153 },
      M,
      128,
    )
    // 204 ids with markers; pair spans ids 150..156, spare 119: start = min(150 - 59, 204 - 126) = 78.
    expect(s.ids).toHaveLength(128)
    expect([s.headIndex, s.tailIndex]).toEqual([73, 77])
    expect(s.ids[1]).toBe(100 + 78)
    expect(s.ids[0]).toBe(CLS)
    expect(s.ids[127]).toBe(SEP)
  })

  it('keeps a half window from 8 pieces before each marker when the pair is too far apart', () => {
    const s = pairSequence(onePiece(400), { first: 5, end: 6 }, { first: 250, end: 251 }, M, 128)
    expect(s.ids).toHaveLength(128)
    // First half starts at id 0 (5 - 8 < 0): [E1] is id 5; second half starts at 252 - 8 = 244.
    expect(s.headIndex).toBe(6)
    expect(s.tailIndex).toBe(1 + 63 + 8)
    expect(s.ids[s.headIndex]).toBe(M['[E1]'])
    expect(s.ids[s.tailIndex]).toBe(M['[E2]'])
    expect(s.ids[64]).toBe(100 + 242) // the second half's first id, 244: token 242 ([E1] [/E1] before)
  })
})

describe('sentenceSequence (one pass per sentence)', () => {
  it('appends [ENT] [/ENT] per entity at its first and last piece positions', () => {
    const s = sentenceSequence(
      [[10], [11, 12], [13]],
      [{ first: 0, end: 1 }, { first: 1, end: 3 }, null],
      M,
      254,
    )
    expect(s.ids).toEqual([CLS, 10, 11, 12, 13, SEP, 905, 906, 905, 906])
    expect(s.positions).toEqual([0, 1, 2, 3, 4, 5, 1, 1, 2, 4])
    expect(s.textLength).toBe(6)
    expect(s.entityIndex).toEqual([6, 8, null])
  })

  it('gives no markers to an entity past the pieces kept', () => {
    const s = sentenceSequence(
      [[10], [11], [12]],
      [
        { first: 0, end: 1 },
        { first: 2, end: 3 },
      ],
      M,
      2,
    )
    expect(s.ids).toEqual([CLS, 10, 11, SEP, 905, 906])
    expect(s.entityIndex).toEqual([4, null])
  })
})

describe('batches', () => {
  it('pair layout: positions 0…T-1 and padding columns masked in every row', () => {
    const a = pairSequence([[10], [11]], { first: 0, end: 1 }, { first: 1, end: 2 }, M, 128)
    const b = pairSequence([[10], [11], [12]], { first: 0, end: 1 }, { first: 2, end: 3 }, M, 128)
    const t = pairBatch([a, b], MASK)
    expect([t.batch, t.width]).toEqual([2, 9])
    expect(t.attentionBias).toHaveLength(2 * 9 * 9)
    expect([...t.inputIds.slice(0, 9)].map(Number)).toEqual([...a.ids, PAD])
    expect([...t.positionIds.slice(9, 18)].map(Number)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8])
    for (let q = 0; q < 9; q++) {
      const row = t.attentionBias.slice(q * 9, q * 9 + 9)
      expect([...row]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, MASK])
    }
    expect(t.attentionBias.slice(81).every((v) => v === 0)).toBe(true)
  })

  it('sentence layout: text rows blind to markers, each marker sees text and its own pair only', () => {
    const one = sentenceSequence(
      [[10], [11]],
      [
        { first: 0, end: 1 },
        { first: 1, end: 2 },
      ],
      M,
      254,
    )
    const two = sentenceSequence([[10]], [{ first: 0, end: 1 }], M, 254)
    const t = sentenceBatch([one, two], MASK)
    const width = one.ids.length
    expect([t.batch, t.width]).toEqual([2, 8])
    expect(t.attentionBias).toHaveLength(2 * width * width)
    const bias = (b: number, q: number, k: number) => t.attentionBias[(b * width + q) * width + k]
    for (let q = 0; q < width; q++) {
      for (let k = 0; k < width; k++) {
        expect(bias(0, q, k)).toBe(mayAttend(one, q, k) ? 0 : MASK)
      }
    }
    // Text rows (0-3) never see a marker column; marker row 4 sees text + 4, 5 and not 6, 7.
    expect([0, 1, 2, 3].every((q) => [4, 5, 6, 7].every((k) => bias(0, q, k) === MASK))).toBe(true)
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((k) => bias(0, 4, k))).toEqual([
      0,
      0,
      0,
      0,
      0,
      0,
      MASK,
      MASK,
    ])
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((k) => bias(0, 7, k))).toEqual([
      0,
      0,
      0,
      0,
      MASK,
      MASK,
      0,
      0,
    ])
    // The shorter sentence: its own mask top-left; padding rows see column 0 only.
    expect(two.ids.length).toBe(5)
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((k) => bias(1, 6, k))).toEqual([
      0,
      MASK,
      MASK,
      MASK,
      MASK,
      MASK,
      MASK,
      MASK,
    ])
    expect([...t.positionIds.slice(width, 2 * width)].map(Number)).toEqual([0, 1, 2, 1, 1, 0, 0, 0])
    expect([...t.inputIds.slice(width, 2 * width)].map(Number)).toEqual([
      CLS,
      10,
      SEP,
      905,
      906,
      PAD,
      PAD,
      PAD,
    ])
  })
})
