// What evaluation needs from a NER model directory beyond the pipeline: its label set
// (labels.json) and the MACCROBAT split its card records (evaluation layer).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { CoderError } from '../../shared/errors'
import type { MaccrobatSplit } from './corpora'

export interface ModelFacts {
  /** Entity labels the model can emit, in tag order: "Problem", "Symptom", … */
  readonly labels: readonly string[]
  readonly name: string
  readonly version: string
  readonly maccrobatSplit: MaccrobatSplit | null
}

const labelsSchema = z.object({ tags: z.array(z.string()) }).loose()
const cardSchema = z
  .object({
    name: z.string().default('ner'),
    version: z.string().default('unknown'),
    data: z
      .object({
        maccrobat_train_pmids: z.array(z.string()).optional(),
        maccrobat_dev_pmids: z.array(z.string()).optional(),
      })
      .loose()
      .optional(),
  })
  .loose()

/** Reads labels.json and card.json of `dir`; E_MODEL_MISSING when either is absent or malformed. */
export function readModelFacts(dir: string): ModelFacts {
  const { tags } = readJson(join(dir, 'labels.json'), labelsSchema)
  const card = readJson(join(dir, 'card.json'), cardSchema)
  const labels = [...new Set(tags.filter((tag) => tag !== 'O').map((tag) => tag.slice(2)))]
  const train = card.data?.maccrobat_train_pmids
  const dev = card.data?.maccrobat_dev_pmids
  return {
    labels,
    name: card.name,
    version: card.version,
    maccrobatSplit: train && dev ? { train, dev } : null,
  }
}

function readJson<T extends z.ZodType>(path: string, schema: T): z.output<T> {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    throw new CoderError('E_MODEL_MISSING', { path })
  }
  const result = schema.safeParse(parsed)
  if (!result.success) throw new CoderError('E_MODEL_MISSING', { path })
  return result.data
}
