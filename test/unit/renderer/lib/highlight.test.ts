// Highlight segments: offsets → runs of text, with nesting, overlap, cues and bad spans.
import { describe, expect, it } from 'vitest'
import { toSegments, type HighlightChunk } from '../../../../src/renderer/src/lib/highlight'

// "Patient denies left knee pain." — offsets spelled out:
// denies [8,14)  left [15,19)  knee [20,24)  pain [25,29)  left knee pain [15,29)
const TEXT = 'Patient denies left knee pain.'

const slices = (segments: ReturnType<typeof toSegments>) =>
  segments.map((s) => [TEXT.slice(s.start, s.end), s.chunkId, s.isCue])

describe('toSegments', () => {
  it('tiles the whole text with plain and chunk runs', () => {
    const segments = toSegments(TEXT.length, [{ id: 'c1', start: 25, end: 29 }])
    expect(slices(segments)).toEqual([
      ['Patient denies left knee ', null, false],
      ['pain', 'c1', false],
      ['.', null, false],
    ])
    expect(segments[0]?.start).toBe(0)
    expect(segments.at(-1)?.end).toBe(TEXT.length)
  })

  it('gives nested runs to the innermost chunk and lists the outer ones first', () => {
    const chunks: HighlightChunk[] = [
      { id: 'outer', start: 15, end: 29 },
      { id: 'knee', start: 20, end: 24 },
    ]
    const segments = toSegments(TEXT.length, chunks)
    expect(slices(segments).slice(1, 4)).toEqual([
      ['left ', 'outer', false],
      ['knee', 'knee', false],
      [' pain', 'outer', false],
    ])
    expect(segments[2]?.chunkIds).toEqual(['outer', 'knee'])
  })

  it('splits partial overlaps at both boundaries, deterministically', () => {
    const a: HighlightChunk = { id: 'a', start: 15, end: 24 } // left knee
    const b: HighlightChunk = { id: 'b', start: 20, end: 29 } // knee pain
    const forward = toSegments(TEXT.length, [a, b])
    const backward = toSegments(TEXT.length, [b, a])
    expect(forward).toEqual(backward)
    // Equal lengths: the earlier chunk is outer, so the shared "knee" belongs to b.
    expect(slices(forward).slice(1, 4)).toEqual([
      ['left ', 'a', false],
      ['knee', 'b', false],
      [' pain', 'b', false],
    ])
    expect(forward[2]?.chunkIds).toEqual(['a', 'b'])
  })

  it('breaks ties between identical spans by id', () => {
    const segments = toSegments(TEXT.length, [
      { id: 'z', start: 25, end: 29 },
      { id: 'y', start: 25, end: 29 },
    ])
    expect(segments[1]?.chunkIds).toEqual(['y', 'z'])
    expect(segments[1]?.chunkId).toBe('z')
  })

  it('marks the assertion cue, even outside the chunk', () => {
    const segments = toSegments(TEXT.length, [
      { id: 'c1', start: 15, end: 29, assertionCue: { start: 8, end: 14 } },
    ])
    expect(slices(segments)).toEqual([
      ['Patient ', null, false],
      ['denies', null, true],
      [' ', null, false],
      ['left knee pain', 'c1', false],
      ['.', null, false],
    ])
  })

  it('ignores empty, inverted and out-of-range spans instead of clamping them', () => {
    const segments = toSegments(TEXT.length, [
      { id: 'empty', start: 5, end: 5 },
      { id: 'inverted', start: 9, end: 3 },
      { id: 'past', start: 25, end: 99 },
      { id: 'negative', start: -1, end: 4 },
      { id: 'fraction', start: 1.5, end: 4 },
      { id: 'ok', start: 0, end: 7, assertionCue: { start: 20, end: 90 } },
    ])
    expect(slices(segments)).toEqual([
      ['Patient', 'ok', false],
      [' denies left knee pain.', null, false],
    ])
  })

  it('returns no segment for an empty text and one plain run without chunks', () => {
    expect(toSegments(0, [])).toEqual([])
    expect(toSegments(4, [])).toEqual([
      { start: 0, end: 4, chunkIds: [], chunkId: null, isCue: false },
    ])
  })

  it('keeps UTF-16 offsets: a chunk after an emoji starts at its code-unit offset', () => {
    const text = '🦵 knee pain' // the emoji is 2 code units
    const segments = toSegments(text.length, [{ id: 'k', start: 3, end: 7 }])
    expect(text.slice(segments[1]!.start, segments[1]!.end)).toBe('knee')
  })
})
