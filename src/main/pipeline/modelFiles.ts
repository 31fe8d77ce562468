// Reading a model directory (pipeline layer): ONNX sessions, JSON and vocabulary files, loaded once
// per process. Every failure is E_MODEL_MISSING naming the file, so a broken install says what to restore.
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { InferenceSession } from 'onnxruntime-node'
import { z } from 'zod'
import { CoderError } from '../../shared/errors'
import type { ModelInfo } from '../../shared/ipc'

/** Word normalization shared by every model's vocabulary: lower case, every digit → 0. */
export const NORMALIZE = 'lowercase+digits0'

/** Returns `open(dir)` once per resolved directory and process; a failed load is not kept. */
export function loadOncePerProcess<T>(
  cache: Map<string, Promise<T>>,
  dir: string,
  open: (dir: string) => Promise<T>,
): Promise<T> {
  const key = resolve(dir)
  const cached = cache.get(key)
  if (cached) return cached
  const model = open(key)
  cache.set(key, model)
  // A failed load is not cached, so a restored directory works without a restart.
  model.catch(() => cache.delete(key))
  return model
}

/** One single-threaded session (the worker pool gives each thread its own), checked for its I/O names. */
export async function openOnnxSession(
  path: string,
  io: { inputs: readonly string[]; outputs: readonly string[] },
): Promise<InferenceSession> {
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
    io.inputs.every((name) => session.inputNames.includes(name)) &&
    io.outputs.every((name) => session.outputNames.includes(name))
  if (!hasIo) {
    await session.release()
    throw new CoderError('E_MODEL_MISSING', { path })
  }
  return session
}

/** A JSON file of the model directory, validated against its schema. */
export function readModelJson<T extends z.ZodType>(path: string, schema: T): z.output<T> {
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

/** Lines of a vocabulary file; the line index is the id, so only the final newline is dropped. */
export function readModelLines(path: string): string[] {
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

const cardSchema = z
  .object({
    name: z.string().optional(),
    version: z.string().default('unknown'),
    metric: z.string().default('unknown'),
    dev: z.object({ micro_f1: z.number(), macro_f1: z.number() }).partial().optional(),
  })
  .loose()

/**
 * A model's card.json as the app shows it. The score is the card's headline dev metric: macro F1
 * where the card has one (relation models, the paper's metric), else micro F1 (NER).
 */
export function readModelCard(dir: string, fallbackName: string): ModelInfo {
  const card = readModelJson(join(dir, 'card.json'), cardSchema)
  return {
    name: card.name ?? fallbackName,
    version: card.version,
    metric: card.metric,
    score: card.dev?.macro_f1 ?? card.dev?.micro_f1 ?? null,
  }
}
