// The accurate relation model's input layouts (pipeline layer): entity markers around a pair
// (one pass per pair) or levitated markers after a sentence (one pass per sentence), and their
// batching into the exported graph's tensors. Mirrors training/encoder/layouts.py and
// finetune.py re_inputs exactly: the model was trained on those inputs.

/** BERT's special piece ids (the vocabulary starts with [PAD] [UNK] [CLS] [SEP] [MASK]). */
export const PAD = 0
export const CLS = 2
export const SEP = 3

/** Piece ids of the six entity markers (labels.json `markers`). */
export interface MarkerIds {
  readonly '[E1]': number
  readonly '[/E1]': number
  readonly '[E2]': number
  readonly '[/E2]': number
  readonly '[ENT]': number
  readonly '[/ENT]': number
}

/** An entity as product tokens of its sentence: [first, end), end excluded. */
export interface TokenRange {
  readonly first: number
  readonly end: number
}

/** One pair's sequence: ids, and the indices of its [E1] and [E2] in them. */
export interface PairSequence {
  readonly ids: readonly number[]
  readonly headIndex: number
  readonly tailIndex: number
}

/**
 * [CLS] … [E1] head [/E1] … [E2] tail [/E2] … [SEP] over a sentence's pieces (one list per
 * product token), at most `pairLength` pieces: the window is centred on the pair, and a pair
 * too far apart keeps a half window starting 8 pieces before each marker. `head` must precede
 * `tail` in the sentence and not overlap it.
 */
export function pairSequence(
  pieces: readonly (readonly number[])[],
  head: TokenRange,
  tail: TokenRange,
  markers: MarkerIds,
  pairLength: number,
): PairSequence {
  const ids: number[] = []
  let h = 0
  let t = 0
  pieces.forEach((tokenPieces, k) => {
    if (k === head.first) {
      h = ids.length
      ids.push(markers['[E1]'])
    }
    if (k === tail.first) {
      t = ids.length
      ids.push(markers['[E2]'])
    }
    ids.push(...tokenPieces)
    if (k === head.end - 1) ids.push(markers['[/E1]'])
    if (k === tail.end - 1) ids.push(markers['[/E2]'])
  })
  const lo = Math.min(h, t)
  const hi = Math.max(h, t)
  const endOf = ids.indexOf(hi === t ? markers['[/E2]'] : markers['[/E1]'], hi) + 1
  const budget = pairLength - 2
  if (endOf - lo <= budget) {
    const spare = budget - (endOf - lo)
    const start = Math.max(0, Math.min(lo - Math.floor(spare / 2), ids.length - budget))
    const window = ids.slice(start, start + budget)
    return { ids: [CLS, ...window, SEP], headIndex: h - start + 1, tailIndex: t - start + 1 }
  }
  // The entities are far apart: keep a half window around each.
  const half = Math.floor(budget / 2)
  const s1 = Math.max(0, lo - 8)
  const s2 = Math.max(s1 + half, hi - 8)
  const window = [...ids.slice(s1, s1 + half), ...ids.slice(s2, s2 + half)]
  const at = (x: number): number => (x < s1 + half ? x - s1 : half + (x - s2))
  return { ids: [CLS, ...window, SEP], headIndex: at(h) + 1, tailIndex: at(t) + 1 }
}

/** One sentence's sequence for the one-pass layout. */
export interface SentenceSequence {
  readonly ids: readonly number[]
  readonly positions: readonly number[]
  /** Pieces of [CLS] text [SEP]; the markers follow them. */
  readonly textLength: number
  /** Index of each entity's [ENT] ([/ENT] follows it); null when it lies past the text kept. */
  readonly entityIndex: readonly (number | null)[]
}

/**
 * [CLS] text [SEP] (text cut at `maxPieces` pieces), then per entity an [ENT] and an [/ENT]
 * that take the positions of its first and last piece. Which rows see which keys is
 * sentenceBias's part.
 */
export function sentenceSequence(
  pieces: readonly (readonly number[])[],
  entities: readonly (TokenRange | null)[],
  markers: MarkerIds,
  maxPieces: number,
): SentenceSequence {
  const text: number[] = [CLS]
  const first: number[] = []
  const last: number[] = []
  for (const tokenPieces of pieces) {
    first.push(text.length)
    text.push(...tokenPieces)
    last.push(text.length - 1)
  }
  const kept = [...text.slice(0, maxPieces + 1), SEP]
  const n = kept.length
  const ids = [...kept]
  const positions = kept.map((_, k) => k)
  const entityIndex = entities.map((entity) => {
    const lastPiece = entity ? last[entity.end - 1] : undefined
    const firstPiece = entity ? first[entity.first] : undefined
    if (lastPiece === undefined || firstPiece === undefined || lastPiece >= n - 1) return null
    const at = ids.length
    ids.push(markers['[ENT]'], markers['[/ENT]'])
    positions.push(firstPiece, lastPiece)
    return at
  })
  return { ids, positions, textLength: n, entityIndex }
}

/**
 * Whether row (query) may attend column (key) in the one-pass layout: every row sees the
 * text, so the text's states never depend on the markers; a marker also sees its entity's
 * two markers, and nothing else.
 */
export function mayAttend(sequence: SentenceSequence, row: number, column: number): boolean {
  if (column < sequence.textLength) return true
  if (row < sequence.textLength) return false
  const rowMarker = row - ((row - sequence.textLength) % 2)
  const columnMarker = column - ((column - sequence.textLength) % 2)
  return rowMarker === columnMarker
}

/** The graph's inputs for a batch (row-major, B×T and B×T×T), before pair indices. */
export interface BatchTensors {
  readonly batch: number
  readonly width: number
  readonly inputIds: BigInt64Array
  readonly positionIds: BigInt64Array
  /** 0 where a row may attend a column, maskValue where not. */
  readonly attentionBias: Float32Array
}

/**
 * Pair layout batch: ids padded with [PAD], positions 0…T-1, and every row barred from the
 * padding columns (re_inputs in finetune.py).
 */
export function pairBatch(sequences: readonly PairSequence[], maskValue: number): BatchTensors {
  const batch = sequences.length
  const width = Math.max(...sequences.map((s) => s.ids.length))
  const inputIds = new BigInt64Array(batch * width)
  const positionIds = new BigInt64Array(batch * width)
  const attentionBias = new Float32Array(batch * width * width)
  sequences.forEach((sequence, b) => {
    for (let k = 0; k < width; k++) {
      inputIds[b * width + k] = BigInt(sequence.ids[k] ?? PAD)
      positionIds[b * width + k] = BigInt(k)
    }
    const rowMask = new Float32Array(width)
    for (let k = sequence.ids.length; k < width; k++) rowMask[k] = maskValue
    for (let q = 0; q < width; q++) attentionBias.set(rowMask, (b * width + q) * width)
  })
  return { batch, width, inputIds, positionIds, attentionBias }
}

/**
 * Sentence layout batch: each sentence's own mask (mayAttend) in the top-left corner, all else
 * masked, except that padding rows see column 0 so that no row is wholly masked (stack_bias).
 */
export function sentenceBatch(
  sequences: readonly SentenceSequence[],
  maskValue: number,
): BatchTensors {
  const batch = sequences.length
  const width = Math.max(...sequences.map((s) => s.ids.length))
  const inputIds = new BigInt64Array(batch * width)
  const positionIds = new BigInt64Array(batch * width)
  const attentionBias = new Float32Array(batch * width * width).fill(maskValue)
  sequences.forEach((sequence, b) => {
    const t = sequence.ids.length
    for (let k = 0; k < t; k++) {
      inputIds[b * width + k] = BigInt(sequence.ids[k] ?? PAD)
      positionIds[b * width + k] = BigInt(sequence.positions[k] ?? 0)
    }
    const n = sequence.textLength
    for (let q = 0; q < width; q++) {
      const row = (b * width + q) * width
      if (q >= t) {
        attentionBias[row] = 0
        continue
      }
      attentionBias.fill(0, row, row + n)
      if (q >= n) {
        const marker = q - ((q - n) % 2)
        attentionBias[row + marker] = 0
        attentionBias[row + marker + 1] = 0
      }
    }
  })
  return { batch, width, inputIds, positionIds, attentionBias }
}
