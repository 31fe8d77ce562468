// Accurate RE, one pass per pair against one pass per sentence: dev macro F1 and the speed of
// the model calls alone (pairs/s, ms per sentence with pairs), every whitelisted pair of gold
// entities, one thread. Prints a table (--json: the rows). Needs ../shared (or $CODER_SHARED).
//   npx tsx bench/reLayouts.ts [--corpora maccrobat,ddi2013,...] [--json]
import { join, resolve } from 'node:path'
import { z } from 'zod'
import { classifyAccurate } from '../src/main/evaluation/reAccurate'
import { RE_CORPUS_FOLDERS, readReCorpus, type ReCorpus } from '../src/main/evaluation/reCorpora'
import { RE_MODEL_FOR, scoreRelations } from '../src/main/evaluation/reEval'
import {
  headWithClasses,
  loadRelationModel,
  loadTransformerRelationModel,
  readModelJson,
} from '../src/main/pipeline'

const MODELS = resolve('resources', 'models')
const SHARED = resolve(process.env.CODER_SHARED ?? '../shared')
const LAYOUT_MODELS = ['re-transformer', 're-transformer-onepass']
const args = process.argv.slice(2)
const corpora = (
  args[args.indexOf('--corpora') + 1] && args.includes('--corpora')
    ? (args[args.indexOf('--corpora') + 1] ?? '')
    : 'maccrobat,ddi2013,chemprot,pgr,ade'
).split(',') as ReCorpus[]

const splitSchema = z
  .object({
    data: z.record(
      z.string(),
      z
        .object({ train_documents: z.array(z.string()), dev_documents: z.array(z.string()) })
        .loose(),
    ),
  })
  .loose()

const rows: Record<string, string | number>[] = []
for (const corpus of corpora) {
  const fast = await loadRelationModel(join(MODELS, RE_MODEL_FOR[corpus]))
  for (const name of LAYOUT_MODELS) {
    const dir = join(MODELS, name)
    const model = await loadTransformerRelationModel(dir)
    const split = readModelJson(join(dir, 'card.json'), splitSchema).data[corpus]
    const sentences = readReCorpus({
      corpus,
      split: 'dev',
      dataDir: join(SHARED, 'datasets', RE_CORPUS_FOLDERS[corpus]),
      documents: split ? { train: split.train_documents, dev: split.dev_documents } : null,
      spec: fast.spec,
      relations: ['MODIFY'],
    })
    const head = headWithClasses(model, fast.spec.classes)
    const started = performance.now()
    const result = await classifyAccurate(model, head, fast, sentences, {
      filter: false,
      transformerOnly: true,
    })
    const seconds = (performance.now() - started) / 1000
    const withPairs = sentences.length
    rows.push({
      corpus,
      layout: model.layout,
      pairs: result.gold.length,
      sentences: withPairs,
      macro_f1: scoreRelations(result.gold, result.predicted, fast.spec.classes).macro_f1,
      seconds: Number(seconds.toFixed(2)),
      pairs_per_s: Math.round(result.gold.length / seconds),
      ms_per_sentence: Number(((seconds * 1000) / withPairs).toFixed(2)),
    })
  }
}
if (args.includes('--json')) console.log(JSON.stringify(rows, null, 2))
else {
  const keys = Object.keys(rows[0] ?? {})
  console.log(
    [keys, ...rows.map((row) => keys.map((k) => row[k]))].map((r) => r.join('\t')).join('\n'),
  )
}
