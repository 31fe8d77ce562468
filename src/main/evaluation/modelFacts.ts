// What evaluation needs from a NER model directory beyond the pipeline: the head it tags a corpus
// with and that head's label set (labels.json), and the document splits its card records
// (evaluation layer). Reads both kinds: BiLSTM-CRF (`tags`) and transformer (`heads`).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { CoderError } from '../../shared/errors'
import { DEFAULT_NER_HEAD } from '../pipeline'
import type { DocumentSplit, NerCorpus } from './corpora'

export interface ModelFacts {
  /** Entity labels the model (its head for this corpus) can emit, in tag order: "Problem", … */
  readonly labels: readonly string[]
  readonly name: string
  readonly version: string
  /** The transformer head that tags this corpus; null for a BiLSTM-CRF model. */
  readonly head: string | null
  /** The card's train/dev documents of this corpus; null when it lists none. */
  readonly documentSplit: DocumentSplit | null
}

const tagsSchema = z.array(z.string())
const labelsSchema = z
  .object({
    tags: tagsSchema.optional(),
    heads: z.record(z.string(), z.object({ tags: tagsSchema }).loose()).optional(),
  })
  .loose()
const idsSchema = z.array(z.string()).optional()
const splitSchema = z.object({ train_documents: idsSchema, dev_documents: idsSchema }).loose()
const cardSchema = z
  .object({
    name: z.string().default('ner'),
    version: z.string().default('unknown'),
    data: z
      .object({
        // The BiLSTM-CRF card's MACCROBAT lists; transformer cards list a split per corpus.
        maccrobat_train_pmids: idsSchema,
        maccrobat_dev_pmids: idsSchema,
        maccrobat: splitSchema.optional(),
        ddi2013: splitSchema.optional(),
        ade: splitSchema.optional(),
      })
      .loose()
      .optional(),
  })
  .loose()

/**
 * Reads labels.json and card.json of `dir` for scoring `corpus`: E_MODEL_MISSING when either is
 * absent or malformed, E_OPTION when a transformer has no head for the corpus. The head is the
 * corpus's own, else DEFAULT_NER_HEAD (the product's labels), else the model's only head.
 */
export function readModelFacts(dir: string, corpus: NerCorpus): ModelFacts {
  const labelsPath = join(dir, 'labels.json')
  const labelsFile = readJson(labelsPath, labelsSchema)
  const card = readJson(join(dir, 'card.json'), cardSchema)
  const head = labelsFile.heads ? headFor(labelsFile.heads, corpus, dir) : null
  const tags = head ? labelsFile.heads?.[head]?.tags : labelsFile.tags
  if (!tags) throw new CoderError('E_MODEL_MISSING', { path: labelsPath })
  return {
    labels: [...new Set(tags.filter((tag) => tag !== 'O').map((tag) => tag.slice(2)))],
    name: card.name,
    version: card.version,
    head,
    documentSplit: splitFor(card.data, corpus),
  }
}

function headFor(heads: Readonly<Record<string, unknown>>, corpus: NerCorpus, dir: string): string {
  const names = Object.keys(heads)
  const single = names.length === 1 ? names[0] : undefined
  const head = [corpus, DEFAULT_NER_HEAD].find((name) => names.includes(name)) ?? single
  if (head) return head
  throw new CoderError('E_OPTION', {
    reason: `the NER model ${dir} has no head for ${corpus} (its heads: ${names.join(', ')}); pass --model a model trained on it`,
  })
}

function splitFor(
  data: z.output<typeof cardSchema>['data'],
  corpus: NerCorpus,
): DocumentSplit | null {
  const listed =
    corpus === 'maccrobat' || corpus === 'ddi2013' || corpus === 'ade' ? data?.[corpus] : undefined
  const train =
    listed?.train_documents ?? (corpus === 'maccrobat' ? data?.maccrobat_train_pmids : undefined)
  const dev =
    listed?.dev_documents ?? (corpus === 'maccrobat' ? data?.maccrobat_dev_pmids : undefined)
  return train && dev ? { train, dev } : null
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
