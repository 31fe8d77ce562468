// BERT WordPiece over the product's tokens (pipeline layer): lower case, strip accents, greedy
// longest match. The segmenter already splits letters, digits and each punctuation mark apart, so
// BERT's own pre-tokenizer has nothing left to split: each product token is one WordPiece word,
// and its first piece carries the token's label. A general tokenizer library would re-split the
// raw text and lose that one-token-to-pieces alignment. Mirrors training/encoder/wordpiece.py,
// checked against each transformer model's fixture.json.

/** Longer words become [UNK], as in BERT. */
const MAX_WORD_CHARS = 100
const COMBINING_MARK = /\p{Mn}/gu

export interface WordPiece {
  readonly size: number
  readonly id: (piece: string) => number | undefined
  /** Piece ids of one product token; never empty ([UNK] when nothing matches). */
  readonly tokenIds: (token: string) => readonly number[]
}

/** BERT uncased normalization: lower case, then combining marks dropped after NFD. */
export function normalizeWord(word: string): string {
  return word.toLowerCase().normalize('NFD').replace(COMBINING_MARK, '')
}

/** A WordPiece tokenizer over `pieces` (vocab.txt lines, id = line index), with a per-token cache. */
export function createWordPiece(pieces: readonly string[]): WordPiece {
  const ids = new Map<string, number>()
  pieces.forEach((piece, index) => ids.set(piece, index))
  const unknown = ids.get('[UNK]')
  if (unknown === undefined) throw new Error('WordPiece vocabulary has no [UNK]')
  const cache = new Map<string, readonly number[]>()
  const split = (token: string): readonly number[] => {
    const word = normalizeWord(token)
    const chars = Array.from(word)
    if (chars.length === 0 || chars.length > MAX_WORD_CHARS) return [unknown]
    const out: number[] = []
    let start = 0
    while (start < chars.length) {
      let end = chars.length
      let found: number | undefined
      while (start < end) {
        const text = chars.slice(start, end).join('')
        found = ids.get(start === 0 ? text : `##${text}`)
        if (found !== undefined) break
        end -= 1
      }
      if (found === undefined) return [unknown]
      out.push(found)
      start = end
    }
    return out
  }
  return {
    size: pieces.length,
    id: (piece) => ids.get(piece),
    tokenIds: (token) => {
      let hit = cache.get(token)
      if (!hit) {
        hit = split(token)
        if (cache.size > 50_000) cache.clear() // bounded: a worker codes notes for hours
        cache.set(token, hit)
      }
      return hit
    },
  }
}
