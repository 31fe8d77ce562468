// The NER model directory (model.onnx, words.txt, chars.json, labels.json, card.json): loaded and
// checked once per process, with the token encoders its inputs need (pipeline layer).
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { InferenceSession } from 'onnxruntime-node'
import { z } from 'zod'
import { CoderError } from '../../shared/errors'
import type { ModelInfo } from '../../shared/ipc'
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
const NORMALIZE = 'lowercase+digits0'

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

const cardSchema = z
  .object({
    name: z.string().default('ner'),
    version: z.string().default('unknown'),
    metric: z.string().default('unknown'),
    dev: z.object({ micro_f1: z.number() }).partial().optional(),
  })
  .loose()

// One session per process: every pipeline built on the same directory shares it.
const loaded = new Map<string, Promise<NerModel>>()

/** The model in `dir`, loaded once per process; throws E_MODEL_MISSING when absent or broken. */
export function loadNerModel(dir: string): Promise<NerModel> {
  const key = resolve(dir)
  const cached = loaded.get(key)
  if (cached) return cached
  const model = openModel(key)
  loaded.set(key, model)
  // A failed load is not cached, so a restored directory works without a restart.
  model.catch(() => loaded.delete(key))
  return model
}

async function openModel(dir: string): Promise<NerModel> {
  if (!existsSync(dir)) throw new CoderError('E_MODEL_MISSING', { path: dir })
  const labels = readLabels(dir)
  const words = readLines(join(dir, 'words.txt'))
  const chars = readJson(join(dir, 'chars.json'), z.array(z.string()))
  const card = readJson(join(dir, 'card.json'), cardSchema)
  const session = await openSession(join(dir, 'model.onnx'))
  const wordIds = indexOf(words)
  const charIdOf = indexOf(chars)
  return Object.freeze({
    dir,
    session,
    tags: Object.freeze([...labels.tags]),
    rules: bioConstraints(labels.tags),
    scores: { transitions: labels.transitions, start: labels.start, end: labels.end },
    maxChars: labels.maxChars,
    info: {
      name: card.name,
      version: card.version,
      metric: card.metric,
      score: card.dev?.micro_f1 ?? null,
    },
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
  const labels = readJson(path, labelsSchema)
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

async function openSession(path: string): Promise<InferenceSession> {
  let session: InferenceSession
  try {
    session = await InferenceSession.create(path, {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    })
  } catch {
    throw new CoderError('E_MODEL_MISSING', { path })
  }
  const hasIo =
    session.inputNames.includes('words') &&
    session.inputNames.includes('chars') &&
    session.outputNames.includes('emissions')
  if (!hasIo) {
    await session.release()
    throw new CoderError('E_MODEL_MISSING', { path })
  }
  return session
}

function readJson<T extends z.ZodType>(path: string, schema: T): z.output<T> {
  const parsed = schema.safeParse(parseJson(readText(path)))
  if (!parsed.success) throw new CoderError('E_MODEL_MISSING', { path })
  return parsed.data
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/** Lines of a vocabulary file; the line index is the id, so only the final newline is dropped. */
function readLines(path: string): string[] {
  const lines = readText(path).split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  if (lines.length < 2) throw new CoderError('E_MODEL_MISSING', { path })
  return lines
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    throw new CoderError('E_MODEL_MISSING', { path })
  }
}

/** Entry → index; a duplicate keeps its last index, as the Python dict built at training does. */
function indexOf(entries: readonly string[]): Map<string, number> {
  return new Map(entries.map((entry, i) => [entry, i]))
}
