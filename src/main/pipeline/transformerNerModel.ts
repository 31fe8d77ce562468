// The transformer NER model directory (model.onnx, vocab.txt, labels.json with one tagging head
// per corpus, card.json): loaded and checked once per process (pipeline layer).
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { InferenceSession } from 'onnxruntime-node'
import { z } from 'zod'
import { CoderError } from '../../shared/errors'
import type { ModelInfo } from '../../shared/ipc'
import {
  loadOncePerProcess,
  openOnnxSession,
  readModelCard,
  readModelJson,
  readModelLines,
} from './modelFiles'
import { bioConstraints, type BioConstraints, type TagScores } from './viterbi'
import { createWordPiece, type WordPiece } from './wordPiece'

/**
 * One tagging head: its BIO tags in logit order, the graph output that holds its logits, and how
 * they are decoded (Viterbi under `rules`, with `crf` when it was trained with a CRF).
 */
export interface NerHead {
  readonly name: string
  /** Tag names by index: "O", "B-Drug", "I-Drug", … */
  readonly tags: readonly string[]
  /** Output [batch, pieces, tags] of the ONNX graph, e.g. "logits_maccrobat". */
  readonly output: string
  /** The BIO rules of `tags`: I-X only after B-X or I-X, never first. */
  readonly rules: BioConstraints
  /**
   * The head's linear-chain CRF scores (K × K transitions[prev][next], K start, K end), decoded
   * over the raw logits; null for a head trained without a CRF, decoded over their log-softmax.
   */
  readonly crf: TagScores | null
}

export interface TransformerNerModel {
  readonly dir: string
  readonly session: InferenceSession
  readonly wordPiece: WordPiece
  readonly heads: ReadonlyMap<string, NerHead>
  /** Pieces one window may hold between [CLS] and [SEP]. */
  readonly maxPieces: number
  readonly ids: { readonly pad: number; readonly cls: number; readonly sep: number }
  readonly info: ModelInfo
}

export const TRANSFORMER_INPUTS = ['input_ids', 'attention_mask'] as const

const headSchema = z.object({
  tags: z.array(z.string().regex(/^(O|[BI]-.+)$/)).min(1),
  output: z.string().min(1),
  // A CRF-trained head's scores (training/encoder/transformer.py CRF.to_json); all three or none.
  transitions: z.array(z.array(z.number())).optional(),
  start: z.array(z.number()).optional(),
  end: z.array(z.number()).optional(),
})
/** One head as labels.json holds it. */
export type NerHeadJson = z.output<typeof headSchema>

/** labels.json of a transformer NER folder; `heads` is what tells it from a BiLSTM-CRF one. */
export const transformerLabelsSchema = z
  .object({
    kind: z.literal('ner'),
    heads: z.record(z.string(), headSchema),
    maxPieces: z.number().int().positive(),
    inputs: z.array(z.string()),
  })
  .loose()

// One session per process: every pipeline built on the same directory shares it.
const loaded = new Map<string, Promise<TransformerNerModel>>()

/** The model in `dir`, loaded once per process; throws E_MODEL_MISSING when absent or broken. */
export function loadTransformerNerModel(dir: string): Promise<TransformerNerModel> {
  return loadOncePerProcess(loaded, dir, openModel)
}

/** The head `name` of the model; E_OPTION listing the heads it has when there is none. */
export function headOf(model: TransformerNerModel, name: string): NerHead {
  const head = model.heads.get(name)
  if (head) return head
  throw new CoderError('E_OPTION', {
    reason: `the NER model ${model.dir} has no "${name}" head; its heads: ${[...model.heads.keys()].join(', ')}`,
  })
}

async function openModel(dir: string): Promise<TransformerNerModel> {
  if (!existsSync(dir)) throw new CoderError('E_MODEL_MISSING', { path: dir })
  const labelsPath = join(dir, 'labels.json')
  const labels = readModelJson(labelsPath, transformerLabelsSchema)
  const heads = new Map(
    Object.entries(labels.heads).map(([name, head]) => [name, nerHead(name, head, labelsPath)]),
  )
  const vocabPath = join(dir, 'vocab.txt')
  const wordPiece = createVocabulary(vocabPath)
  const ids = specialIds(wordPiece, vocabPath)
  const isWellFormed =
    heads.size > 0 && TRANSFORMER_INPUTS.every((name) => labels.inputs.includes(name))
  if (!isWellFormed) throw new CoderError('E_MODEL_MISSING', { path: labelsPath })
  const info = readModelCard(dir, 'ner-transformer')
  const session = await openOnnxSession(join(dir, 'model.onnx'), {
    inputs: TRANSFORMER_INPUTS,
    outputs: [...heads.values()].map((head) => head.output),
  })
  return Object.freeze({
    dir,
    session,
    wordPiece,
    heads,
    maxPieces: labels.maxPieces,
    ids,
    info,
  })
}

/**
 * A head of labels.json, checked: E_MODEL_MISSING naming the head and the field when its CRF
 * scores come only in part or do not match its tag count (they would mis-tag silently).
 */
export function nerHead(name: string, head: NerHeadJson, labelsPath: string): NerHead {
  const tags = Object.freeze([...head.tags])
  return Object.freeze({
    name,
    tags,
    output: head.output,
    rules: bioConstraints(tags),
    crf: crfScores(name, head, labelsPath),
  })
}

function crfScores(name: string, head: NerHeadJson, labelsPath: string): TagScores | null {
  const { transitions, start, end } = head
  if (!transitions && !start && !end) return null
  const k = head.tags.length
  const broken = (reason: string) =>
    new CoderError('E_MODEL_MISSING', { path: `${labelsPath} (head "${name}": ${reason})` })
  if (!transitions || !start || !end) {
    throw broken('a CRF head needs "transitions", "start" and "end" together')
  }
  if (transitions.length !== k || transitions.some((row) => row.length !== k)) {
    throw broken(`"transitions" must be ${k} rows of ${k} numbers, one per tag`)
  }
  if (start.length !== k) throw broken(`"start" must hold ${k} numbers, one per tag`)
  if (end.length !== k) throw broken(`"end" must hold ${k} numbers, one per tag`)
  return Object.freeze({ transitions, start, end })
}

function createVocabulary(path: string): WordPiece {
  try {
    return createWordPiece(readModelLines(path))
  } catch (error) {
    if (error instanceof CoderError) throw error
    // A vocabulary without [UNK] is not one this model was trained with.
    throw new CoderError('E_MODEL_MISSING', { path })
  }
}

function specialIds(wordPiece: WordPiece, path: string): TransformerNerModel['ids'] {
  const pad = wordPiece.id('[PAD]')
  const cls = wordPiece.id('[CLS]')
  const sep = wordPiece.id('[SEP]')
  if (pad === undefined || cls === undefined || sep === undefined) {
    throw new CoderError('E_MODEL_MISSING', { path })
  }
  return { pad, cls, sep }
}
