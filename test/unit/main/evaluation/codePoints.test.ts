// Code-point offsets (Python, the corpora) to UTF-16 offsets (JavaScript, every Span).
import { describe, expect, it } from 'vitest'
import { codePointToUtf16 } from '../../../../src/main/evaluation/codePoints'

describe('codePointToUtf16', () => {
  it('is the identity on text without astral characters', () => {
    const map = codePointToUtf16('café')
    expect([0, 3, 4].map(map)).toEqual([0, 3, 4])
  })

  it('shifts offsets after a character outside the BMP by one per such character', () => {
    const text = 'a😀b😀c'
    const map = codePointToUtf16(text)
    // Code points: a=0 😀=1 b=2 😀=3 c=4, end=5.
    expect([0, 1, 2, 3, 4, 5].map(map)).toEqual([0, 1, 3, 4, 6, 7])
    expect(text.slice(map(2), map(3))).toBe('b')
  })
})
