// The shipped word vectors (resources/terminology/word-vectors.bin.gz) and text embeddings made from them (terminology layer).
// Vectors are unit length, int8 (x127); a text's embedding is the IDF-weighted mean of its words' vectors.
import { gunzipSync } from 'node:zlib'
import { z } from 'zod'
import { malformed } from './orderFile'

const header = z.object({
  format: z.literal(1),
  dim: z.number().int().positive(),
  words: z.number().int().nonnegative(),
  scale: z.number().positive(),
  model: z.string(),
  modelSha256: z.string(),
  madeBy: z.string(),
})

export type WordVectorsHeader = z.infer<typeof header>

/** Word → vector lookup over the shipped file. */
export interface WordVectors {
  readonly header: WordVectorsHeader
  readonly dim: number
  /** The word's int8 vector (a view into the file), or undefined when the file lacks the word. */
  vectorOf(word: string): Int8Array | undefined
}

/** Parses the gzip bytes of a word-vectors file (see scripts/terminologyVectors.py for the layout). */
export function parseWordVectors(path: string, gzipped: Buffer): WordVectors {
  const bytes = gunzipSync(gzipped)
  const headerBytes = bytes.length >= 4 ? bytes.readUInt32LE(0) : 0
  let parsed: WordVectorsHeader
  try {
    parsed = header.parse(JSON.parse(bytes.subarray(4, 4 + headerBytes).toString('utf8')))
  } catch {
    throw malformed(
      path,
      1,
      'its header is not a word-vectors header; run npm run terminology:vectors',
    )
  }
  const matrixBytes = parsed.words * parsed.dim
  const matrixStart = bytes.length - matrixBytes
  const words = bytes
    .subarray(4 + headerBytes, matrixStart - 1)
    .toString('utf8')
    .split('\n')
  if (matrixStart <= 4 + headerBytes || words.length !== parsed.words) {
    throw malformed(path, 1, `it holds ${words.length} words where its header says ${parsed.words}`)
  }
  const matrix = new Int8Array(bytes.buffer, bytes.byteOffset + matrixStart, matrixBytes)
  const rows = new Map(words.map((word, row) => [word, row]))
  return {
    header: parsed,
    dim: parsed.dim,
    vectorOf(word) {
      const row = rows.get(word)
      return row === undefined
        ? undefined
        : matrix.subarray(row * parsed.dim, (row + 1) * parsed.dim)
    },
  }
}

/**
 * The unit-length embedding of weighted words: the weighted mean of their vectors, or null when
 * none has a vector. `weightOf` gives a word's weight (its IDF in the system searched).
 */
export function embedWords(
  vectors: WordVectors,
  words: readonly string[],
  weightOf: (word: string) => number,
): Float32Array | null {
  const sum = new Float32Array(vectors.dim)
  let found = false
  for (const word of words) {
    const vector = vectors.vectorOf(word)
    const weight = weightOf(word)
    if (vector === undefined || weight <= 0) continue
    found = true
    // Plain indexed loops: an index build embeds ~200,000 titles, and iterator or callback forms
    // of these loops cost it seconds.
    for (let index = 0; index < sum.length; index++) {
      sum[index] = (sum[index] as number) + weight * (vector[index] as number)
    }
  }
  if (!found) return null
  return unitLength(sum)
}

/** The vector scaled to length 1, in place (unchanged when it is all zeros); returns it. */
export function unitLength(vector: Float32Array): Float32Array {
  let norm = 0
  for (let index = 0; index < vector.length; index++) {
    const value = vector[index] as number
    norm += value * value
  }
  norm = Math.sqrt(norm)
  if (norm === 0) return vector
  for (let index = 0; index < vector.length; index++) {
    vector[index] = (vector[index] as number) / norm
  }
  return vector
}

/** A unit vector as int8 (x127), the form the vector index stores and matches. */
export function toInt8(vector: Float32Array): Int8Array {
  const bytes = new Int8Array(vector.length)
  for (let index = 0; index < vector.length; index++) {
    const scaled = Math.round((vector[index] as number) * 127)
    bytes[index] = scaled > 127 ? 127 : scaled < -127 ? -127 : scaled
  }
  return bytes
}
