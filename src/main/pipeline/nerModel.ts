// The NER model directory (model.onnx, words.txt, chars.json, labels.json, card.json): loaded and
// checked once per process, with the token encoders its inputs need (pipeline layer).
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { InferenceSession } from 'onnxruntime-node'
import { z } from 'zod'
import { CoderError } from '../../shared/errors'
import type { ModelInfo } from '../../shared/ipc'
import {
  loadOncePerProcess,
  NORMALIZE,
  openOnnxSession,
  readModelJson,
  readModelCard,
  readModelLines,
} from './modelFiles'
import { TOKEN_PATTERN } from './segment'
import { bioConstraints, type BioConstraints, type TagScores } from './viterbi'

export interface NerModel {
  readonly dir: string
  readonly session: InferenceSession
  /** Tag names by index: "O", "B-Problem", "I-Problem", … */
  readonly tags: readonly string[]
  readonly rules: BioConstraints
  readonly scores: TagScores
  /** Characters per token the `chars` input holds. */
  readonly maxChars: number
  readonly info: ModelInfo
  /** Word id: the token lower-cased with every digit as "0"; 1 when unknown. */
  readonly wordId: (token: string) => number
  /** Char ids of the token's first maxChars code points (case kept); 1 when unknown. */
  readonly charIds: (token: string) => number[]
}

const PAD = 0
const UNKNOWN = 1

const labelsSchema = z.object({
  tags: z.array(z.string().regex(/^(O|[BI]-.+)$/)).min(1),
  transitions: z.array(z.array(z.number())).nullable(),
  start: z.array(z.number()).nullable(),
  end: z.array(z.number()).nullable(),
  maxChars: z.number().int().positive(),
  tokenPattern: z.string(),
  normalize: z.string(),
})
type Labels = z.infer<typeof labelsSchema>

// One session per process: every pipeline built on the same directory shares it.
const loaded = new Map<string, Promise<NerModel>>()

/** The model in `dir`, loaded once per process; throws E_MODEL_MISSING when absent or broken. */
export function loadNerModel(dir: string): Promise<NerModel> {
  return loadOncePerProcess(loaded, dir, openModel)
}

async function openModel(dir: string): Promise<NerModel> {
  if (!existsSync(dir)) throw new CoderError('E_MODEL_MISSING', { path: dir })
  const labels = readLabels(dir)
  const words = readModelLines(join(dir, 'words.txt'))
  const chars = readModelJson(join(dir, 'chars.json'), z.array(z.string()))
  const info = readModelCard(dir, 'ner')
  const session = await openOnnxSession(join(dir, 'model.onnx'), {
    inputs: ['words', 'chars'],
    outputs: ['emissions'],
  })
  const wordIds = indexOf(words)
  const charIdOf = indexOf(chars)
  return Object.freeze({
    dir,
    session,
    tags: Object.freeze([...labels.tags]),
    rules: bioConstraints(labels.tags),
    scores: { transitions: labels.transitions, start: labels.start, end: labels.end },
    maxChars: labels.maxChars,
    info,
    wordId: (token: string) => wordIds.get(normalizeWord(token)) ?? UNKNOWN,
    charIds: (token: string) => encodeChars(token, charIdOf, labels.maxChars),
  })
}

/** The word-vocabulary key of a token: lower case, every decimal digit as "0". */
export function normalizeWord(token: string): string {
  return token.toLowerCase().replace(/\p{Nd}/gu, '0')
}

function encodeChars(token: string, ids: Map<string, number>, maxChars: number): number[] {
  const out = new Array<number>(maxChars).fill(PAD)
  let i = 0
  // for…of walks code points, as the Python side counts characters.
  for (const char of token) {
    if (i >= maxChars) break
    out[i++] = ids.get(char) ?? UNKNOWN
  }
  return out
}

function readLabels(dir: string): Labels {
  const path = join(dir, 'labels.json')
  const labels = readModelJson(path, labelsSchema)
  const n = labels.tags.length
  const isSquare = labels.transitions?.every((row) => row.length === n) ?? true
  const fits =
    isSquare &&
    (labels.transitions?.length ?? n) === n &&
    (labels.start?.length ?? n) === n &&
    (labels.end?.length ?? n) === n
  // A model tokenized another way would get shifted tokens: refuse it rather than mis-tag.
  if (!fits || labels.tokenPattern !== TOKEN_PATTERN || labels.normalize !== NORMALIZE) {
    throw new CoderError('E_MODEL_MISSING', { path })
  }
  return labels
}

/** Entry → index; a duplicate keeps its last index, as the Python dict built at training does. */
function indexOf(entries: readonly string[]): Map<string, number> {
  return new Map(entries.map((entry, i) => [entry, i]))
}
