// A fast relation-extraction model directory (model.onnx, words.txt, labels.json, card.json):
// loaded and checked once per process, with its pair whitelist and filter (pipeline layer).
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { InferenceSession } from 'onnxruntime-node'
import { z } from 'zod'
import { CoderError } from '../../shared/errors'
import type { ModelInfo } from '../../shared/ipc'
import { normalizeWord } from './nerModel'
import { TOKEN_PATTERN } from './segment'

/** One whitelist entry: a pair of these types is a candidate; `category` names the clinical type. */
export interface PairRule {
  readonly head: readonly string[]
  readonly tail: readonly string[]
  readonly category: string | null
}

/** What the pair step needs from a model: types, whitelist, filter and feature sizes. */
export interface RelationSpec {
  /** Entity types the model knows; type id = index + 1 (0: unknown). */
  readonly types: readonly string[]
  readonly pairs: readonly PairRule[]
  /** Class names, "O" (no relation) first. */
  readonly classes: readonly string[]
  /** Most tokens allowed between the two entities; null: no limit. */
  readonly maxTokens: number | null
  /** Most entities + clause punctuation allowed between them (the syntactic stand-in). */
  readonly maxBetween: number | null
  readonly span: number
  readonly window: number
  readonly context: number
}

export interface RelationModel {
  readonly dir: string
  readonly session: InferenceSession
  readonly spec: RelationSpec
  readonly info: ModelInfo
  /** Word id: the token lower-cased with every digit as "0"; 1 when unknown. */
  readonly wordId: (token: string) => number
}

const UNKNOWN = 1
const NORMALIZE = 'lowercase+digits0'
const INPUTS = ['types', 'span1', 'span2', 'context', 'scalars'] as const

const labelsSchema = z.object({
  types: z.array(z.string()).min(1),
  pairs: z
    .array(
      z.object({
        head: z.array(z.string()),
        tail: z.array(z.string()),
        category: z.string().nullable(),
      }),
    )
    .min(1),
  classes: z.array(z.string()).min(2),
  maxTokens: z.number().int().nonnegative().nullable(),
  maxBetween: z.number().int().nonnegative().nullable(),
  span: z.number().int().positive(),
  window: z.number().int().positive(),
  context: z.number().int().positive(),
  tokenPattern: z.string(),
  normalize: z.string(),
})

const cardSchema = z
  .object({
    name: z.string().default('re'),
    version: z.string().default('unknown'),
    metric: z.string().default('unknown'),
    dev: z.object({ macro_f1: z.number() }).partial().optional(),
  })
  .loose()

// One session per process: every pipeline or evaluation on the same directory shares it.
const loaded = new Map<string, Promise<RelationModel>>()

/** The RE model in `dir`, loaded once per process; throws E_MODEL_MISSING when absent or broken. */
export function loadRelationModel(dir: string): Promise<RelationModel> {
  const key = resolve(dir)
  const cached = loaded.get(key)
  if (cached) return cached
  const model = openModel(key)
  loaded.set(key, model)
  // A failed load is not cached, so a restored directory works without a restart.
  model.catch(() => loaded.delete(key))
  return model
}

async function openModel(dir: string): Promise<RelationModel> {
  if (!existsSync(dir)) throw new CoderError('E_MODEL_MISSING', { path: dir })
  const labelsPath = join(dir, 'labels.json')
  const labels = readJson(labelsPath, labelsSchema)
  // A model tokenized another way would get shifted spans: refuse it rather than mis-relate.
  if (
    labels.tokenPattern !== TOKEN_PATTERN ||
    labels.normalize !== NORMALIZE ||
    labels.classes[0] !== 'O'
  ) {
    throw new CoderError('E_MODEL_MISSING', { path: labelsPath })
  }
  const words = readLines(join(dir, 'words.txt'))
  const card = readJson(join(dir, 'card.json'), cardSchema)
  const session = await openSession(join(dir, 'model.onnx'))
  const wordIds = new Map(words.map((word, i) => [word, i]))
  return Object.freeze({
    dir,
    session,
    spec: Object.freeze({
      types: labels.types,
      pairs: labels.pairs,
      classes: labels.classes,
      maxTokens: labels.maxTokens,
      maxBetween: labels.maxBetween,
      span: labels.span,
      window: labels.window,
      context: labels.context,
    }),
    info: {
      name: card.name,
      version: card.version,
      metric: card.metric,
      score: card.dev?.macro_f1 ?? null,
    },
    wordId: (token: string) => wordIds.get(normalizeWord(token)) ?? UNKNOWN,
  })
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
    INPUTS.every((name) => session.inputNames.includes(name)) &&
    session.outputNames.includes('probs')
  if (!hasIo) {
    await session.release()
    throw new CoderError('E_MODEL_MISSING', { path })
  }
  return session
}

function readJson<T extends z.ZodType>(path: string, schema: T): z.output<T> {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(path, 'utf8')) as unknown
  } catch {
    throw new CoderError('E_MODEL_MISSING', { path })
  }
  const parsed = schema.safeParse(raw)
  if (!parsed.success) throw new CoderError('E_MODEL_MISSING', { path })
  return parsed.data
}

/** Lines of the vocabulary; the line index is the id, so only the final newline is dropped. */
function readLines(path: string): string[] {
  let lines: string[]
  try {
    lines = readFileSync(path, 'utf8').split('\n')
  } catch {
    throw new CoderError('E_MODEL_MISSING', { path })
  }
  if (lines[lines.length - 1] === '') lines.pop()
  if (lines.length < 2) throw new CoderError('E_MODEL_MISSING', { path })
  return lines
}
