import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createWordPiece, normalizeWord } from '../../../../src/main/pipeline/wordPiece'

const VOCAB = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', 'a', 'b', '##b', '##c', 'ab', 'knee']

describe('WordPiece', () => {
  const wp = createWordPiece(VOCAB)

  it('takes the longest piece first, then ## continuations', () => {
    expect(wp.tokenIds('ABC')).toEqual([9, 8])
    expect(wp.tokenIds('abb')).toEqual([9, 7])
  })

  it('lower-cases and strips accents as BERT uncased does', () => {
    expect(normalizeWord('Kneé')).toBe('knee')
    expect(wp.tokenIds('KNEÉ')).toEqual([10])
  })

  it('gives one [UNK] for a word it cannot cover, an empty one or an overlong one', () => {
    expect(wp.tokenIds('x')).toEqual([1])
    expect(wp.tokenIds('abx')).toEqual([1])
    expect(wp.tokenIds('\u0301')).toEqual([1])
    expect(wp.tokenIds('a'.repeat(101))).toEqual([1])
  })

  it('splits exactly as the Python trainer did (each shipped model fixture)', () => {
    for (const model of ['ner-transformer', 're-transformer']) {
      const dir = join(__dirname, '../../../../resources/models', model)
      const vocab = readFileSync(join(dir, 'vocab.txt'), 'utf8').split('\n').slice(0, -1)
      const fixture = JSON.parse(readFileSync(join(dir, 'fixture.json'), 'utf8')) as {
        vocab_size: number
        cases: { tokens: string[]; pieces: number[][] }[]
      }
      const shipped = createWordPiece(vocab)
      expect(shipped.size).toBe(fixture.vocab_size)
      for (const c of fixture.cases)
        expect(c.tokens.map((t) => shipped.tokenIds(t))).toEqual(c.pieces)
    }
  })
})
