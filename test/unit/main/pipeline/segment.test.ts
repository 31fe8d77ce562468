// Segmentation: the model's token rule, sentence ends, and the token cap.
import { describe, expect, it } from 'vitest'
import {
  MAX_SENTENCE_TOKENS,
  splitSentences,
  tokenize,
} from '../../../../src/main/pipeline/segment'

const words = (text: string) => tokenize(text).map((t) => text.slice(t.start, t.end))
const sentences = (text: string) => splitSentences(text).map((s) => text.slice(s.start, s.end))

describe('tokenize', () => {
  it('splits letters, digit runs and single other characters', () => {
    expect(words('BP 120/80, HbA1c 7.5%')).toEqual([
      'BP',
      '120',
      '/',
      '80',
      ',',
      'HbA',
      '1',
      'c',
      '7',
      '.',
      '5',
      '%',
    ])
  })

  it('keeps accents and combining marks inside a word, with UTF-16 offsets', () => {
    const text = 'café naïve 😀x'
    expect(words(text)).toEqual(['café', 'naïve', '😀', 'x'])
    expect(tokenize(text)[2]).toEqual({ start: 11, end: 13 })
  })
})

describe('splitSentences', () => {
  it('ends sentences at . ! ? before a capital, not after abbreviations or in decimals', () => {
    const text =
      'Seen by Dr. Smith today. Temp 37.5 and metformin b.i.d. Taken p.o. daily! Pain? Yes.'
    expect(sentences(text)).toEqual([
      'Seen by Dr. Smith today.',
      'Temp 37.5 and metformin b.i.d. Taken p.o. daily!',
      'Pain?',
      'Yes.',
    ])
  })

  it('breaks at blank lines, headers, list items and new lines that start anew', () => {
    const text = [
      'ASSESSMENT AND PLAN: Knee sprain',
      'with swelling',
      '',
      'Second paragraph',
      '- ice',
      '- rest',
      'BP 120/80',
    ].join('\n')
    expect(sentences(text)).toEqual([
      'ASSESSMENT AND PLAN:',
      'Knee sprain\nwith swelling',
      'Second paragraph',
      '- ice',
      '- rest',
      'BP 120/80',
    ])
  })

  it('keeps list numbers and wrapped list items inside their sentence', () => {
    const text = '1. Left knee pain. Ice and\nrest.\n2. Diabetes\n- brace,\ncrutches\n- MRI'
    expect(sentences(text)).toEqual([
      '1. Left knee pain.',
      'Ice and\nrest.',
      '2. Diabetes',
      '- brace,\ncrutches',
      '- MRI',
    ])
  })

  it('caps sentences at the model limit, cutting after a comma when one is near', () => {
    const list = Array.from({ length: 100 }, (_, i) => `w${i}`).join(', ')
    const split = splitSentences(list)
    expect(split.length).toBeGreaterThan(1)
    for (const sentence of split)
      expect(sentence.tokens.length).toBeLessThanOrEqual(MAX_SENTENCE_TOKENS)
    expect(list.slice(split[0]?.start, split[0]?.end).endsWith(',')).toBe(true)
    expect(split.flatMap((s) => s.tokens)).toEqual(tokenize(list))
  })

  it('gives spans whose text is the slice, tokens inside their sentence, all frozen', () => {
    const text = '  CC: chest pain.\r\n\r\nNo fever.  \n'
    const split = splitSentences(text)
    expect(sentences(text)).toEqual(['CC:', 'chest pain.', 'No fever.'])
    for (const sentence of split) {
      expect(Object.isFrozen(sentence)).toBe(true)
      for (const token of sentence.tokens) {
        expect(token.start).toBeGreaterThanOrEqual(sentence.start)
        expect(token.end).toBeLessThanOrEqual(sentence.end)
      }
    }
  })
})
