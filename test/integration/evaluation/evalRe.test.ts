// `eval re` on the real dev splits (../shared): each shipped fast RE model must score, through the
// TypeScript readers, features and onnxruntime, exactly what training measured (its card).
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { evaluateRe } from '../../../src/main/evaluation'

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
const SHARED = process.env.CODER_SHARED ?? join(REPO, '..', 'shared')
const MODELS = join(REPO, 'resources', 'models')

const CASES = [
  { corpus: 'chemprot', folder: 'chemprot', model: 're-chemprot' },
  { corpus: 'pgr', folder: 'pgr', model: 're-pgr' },
  { corpus: 'ddi2013', folder: 'ddi2013', model: 're-ddi' },
  { corpus: 'ade', folder: 'ade_corpus_v2', model: 're-ade' },
  { corpus: 'maccrobat', folder: 'maccrobat2020', model: 're-clinical' },
  { corpus: 'maccrobat', folder: 'maccrobat2020', model: 're-posology' },
  { corpus: 'maccrobat', folder: 'maccrobat2020', model: 're-temporal' },
  { corpus: 'maccrobat', folder: 'maccrobat2020', model: 're-cause' },
]

interface Card {
  data: { dev_pairs: number }
  dev: { macro_f1: number; micro_f1: number }
}

const present = CASES.filter(({ folder, model }) => {
  const ok =
    existsSync(join(SHARED, 'datasets', folder)) && existsSync(join(MODELS, model, 'card.json'))
  if (!ok)
    console.warn(`skipping eval re ${model}: ${SHARED}/datasets/${folder} or its model is absent`)
  return ok
})

describe.skipIf(present.length === 0)('eval re on the real dev splits (../shared)', () => {
  it.each(present)(
    '$model on $corpus dev scores what its card says',
    async (c) => {
      const modelDir = join(MODELS, c.model)
      const card = JSON.parse(readFileSync(join(modelDir, 'card.json'), 'utf8')) as Card
      const result = await evaluateRe({
        corpus: c.corpus,
        split: 'dev',
        mode: 'fast',
        dataDir: join(SHARED, 'datasets', c.folder),
        modelDir,
      })
      expect(result.pairs).toBe(card.data.dev_pairs)
      expect(Math.abs(result.macro_f1 - card.dev.macro_f1)).toBeLessThan(0.0006)
      expect(Math.abs(result.micro_f1 - card.dev.micro_f1)).toBeLessThan(0.0006)
    },
    300_000,
  )
})

const maccrobat = join(SHARED, 'datasets', 'maccrobat2020')
if (!existsSync(maccrobat)) console.warn(`skipping eval re --mode accurate: ${maccrobat} is absent`)

describe.skipIf(!existsSync(maccrobat))(
  'eval re --mode accurate on MACCROBAT dev (../shared)',
  () => {
    it('averages the transformer with the fast model and so beats the transformer alone', async () => {
      const options = {
        corpus: 'maccrobat',
        split: 'dev',
        mode: 'accurate',
        dataDir: maccrobat,
        modelDir: join(MODELS, 're-clinical'),
        transformerDir: join(MODELS, 're-transformer'),
      }
      const blended = await evaluateRe(options)
      const alone = await evaluateRe({ ...options, transformerOnly: true })
      expect(blended.accurate?.fast_share).toBe(0.5)
      expect(alone.accurate?.fast_share).toBe(0)
      expect(blended.pairs).toBe(alone.pairs)
      // Dev macro F1 when written: 0.8937 averaged against 0.8121 alone (training/re/README.md).
      expect(blended.macro_f1).toBeGreaterThan(alone.macro_f1 + 0.03)
    }, 300_000)
  },
)
