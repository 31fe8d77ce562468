// A fast relation-extraction model directory (model.onnx, words.txt, labels.json, card.json):
// loaded and checked once per process, with its pair whitelist and filter (pipeline layer).
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { InferenceSession } from 'onnxruntime-node'
import { z } from 'zod'
import { CoderError } from '../../shared/errors'
import type { ModelInfo } from '../../shared/ipc'
import { normalizeWord } from './nerModel'
import {
  loadOncePerProcess,
  NORMALIZE,
  openOnnxSession,
  readModelJson,
  readModelCard,
  readModelLines,
} from './modelFiles'
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
const INPUTS = ['types', 'span1', 'span2', 'context', 'scalars'] as const

/** The entity types and typed-pair whitelist of a relation model's labels.json. */
export const pairSpecSchema = z.object({
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
})

const labelsSchema = pairSpecSchema.extend({
  classes: z.array(z.string()).min(2),
  maxTokens: z.number().int().nonnegative().nullable(),
  maxBetween: z.number().int().nonnegative().nullable(),
  span: z.number().int().positive(),
  window: z.number().int().positive(),
  context: z.number().int().positive(),
  tokenPattern: z.string(),
  normalize: z.string(),
})

// One session per process: every pipeline or evaluation on the same directory shares it.
const loaded = new Map<string, Promise<RelationModel>>()

/** The RE model in `dir`, loaded once per process; throws E_MODEL_MISSING when absent or broken. */
export function loadRelationModel(dir: string): Promise<RelationModel> {
  return loadOncePerProcess(loaded, dir, openModel)
}

async function openModel(dir: string): Promise<RelationModel> {
  if (!existsSync(dir)) throw new CoderError('E_MODEL_MISSING', { path: dir })
  const labelsPath = join(dir, 'labels.json')
  const labels = readModelJson(labelsPath, labelsSchema)
  // A model tokenized another way would get shifted spans: refuse it rather than mis-relate.
  if (
    labels.tokenPattern !== TOKEN_PATTERN ||
    labels.normalize !== NORMALIZE ||
    labels.classes[0] !== 'O'
  ) {
    throw new CoderError('E_MODEL_MISSING', { path: labelsPath })
  }
  const words = readModelLines(join(dir, 'words.txt'))
  const info = readModelCard(dir, 're')
  const session = await openOnnxSession(join(dir, 'model.onnx'), {
    inputs: INPUTS,
    outputs: ['probs'],
  })
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
    info,
    wordId: (token: string) => wordIds.get(normalizeWord(token)) ?? UNKNOWN,
  })
}
