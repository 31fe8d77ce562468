// Which NER step a model folder gives: a BiLSTM-CRF (words.txt, chars.json) or a transformer
// (vocab.txt, labels.json with tagging heads); both give the same chunks (pipeline layer).
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CoderError } from '../../shared/errors'
import type { ModelInfo } from '../../shared/ipc'
import { createNerStep } from './ner'
import { createBlendedNerStep, sameTagSet } from './nerBlend'
import { loadNerModel } from './nerModel'
import type { Step } from './step'
import { createTransformerNerStep } from './transformerNer'
import { headOf, loadTransformerNerModel, type TransformerNerModel } from './transformerNerModel'

/** The head a transformer NER model tags with by default: the product's clinical labels. */
export const DEFAULT_NER_HEAD = 'maccrobat'

export type NerModelKind = 'bilstm-crf' | 'transformer'

export interface LoadedNerStep {
  readonly step: Step
  readonly info: ModelInfo
  readonly kind: NerModelKind
  /** The transformer head tagged with; null for a BiLSTM-CRF model. */
  readonly head: string | null
  /** The BiLSTM-CRF averaged with the transformer's head (nerBlend.ts), when one is. */
  readonly blendedWith: ModelInfo | null
}

/** The kind of NER model in `dir`: labels.json with `heads` is a transformer's. */
export function nerModelKind(dir: string): NerModelKind {
  const path = join(dir, 'labels.json')
  if (!existsSync(path)) return 'bilstm-crf' // its loader then names what is missing
  let labels: unknown
  try {
    labels = JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    throw new CoderError('E_MODEL_MISSING', { path })
  }
  return typeof labels === 'object' && labels !== null && 'heads' in labels
    ? 'transformer'
    : 'bilstm-crf'
}

/**
 * The NER step of the model in `dir`, loaded once per process. `head` picks a transformer's
 * head (default: DEFAULT_NER_HEAD, else its only head); E_OPTION when it has no such head.
 * With `blendDir`, a BiLSTM-CRF folder, a transformer head that tags the same labels is averaged
 * with it (nerBlend.ts); a head with other labels tags alone.
 */
export async function loadNerStep(
  dir: string,
  head?: string,
  blendDir?: string,
): Promise<LoadedNerStep> {
  if (nerModelKind(dir) === 'bilstm-crf') {
    const model = await loadNerModel(dir)
    const step = createNerStep(model)
    return { step, info: model.info, kind: 'bilstm-crf', head: null, blendedWith: null }
  }
  const model = await loadTransformerNerModel(dir)
  const name = head ?? defaultHead(model)
  const bilstm = blendDir ? await loadNerModel(blendDir) : null
  const tagHead = headOf(model, name)
  const blend = bilstm && sameTagSet(bilstm.tags, tagHead.tags) ? bilstm : null
  return {
    step: blend
      ? createBlendedNerStep(model, tagHead, blend)
      : createTransformerNerStep(model, name),
    info: model.info,
    kind: 'transformer',
    head: name,
    blendedWith: blend?.info ?? null,
  }
}

function defaultHead(model: TransformerNerModel): string {
  if (model.heads.has(DEFAULT_NER_HEAD)) return DEFAULT_NER_HEAD
  const names = [...model.heads.keys()]
  if (names.length === 1 && names[0]) return names[0]
  throw new CoderError('E_OPTION', {
    reason: `the NER model ${model.dir} has several heads (${names.join(', ')}); name the one to tag with`,
  })
}
