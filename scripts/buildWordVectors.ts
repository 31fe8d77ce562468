// Derives the terminology word vectors (resources/terminology) from the project's fastText model (build script).
// The vocabulary is every word of the shipped code sets, their index terms and synonyms, the
// abbreviation expansions and HPO, cut by the product's own tokenizer; terminologyVectors.py
// asks the model for each word's vector and writes the int8 file; the manifest records it.
// Usage: npm run terminology:vectors [-- --shared DIR] [--model FILE] [--resources DIR]
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { readHpoJson, readResources, recordWordVectors, vectorWords } from '../src/main/terminology'
import { ABBREVIATIONS } from '../src/main/terminology/abbreviations'

const PYTHON = '/usr/bin/python3'
const VECTORS_FILE = 'word-vectors.bin.gz'

function main(): void {
  const { values } = parseArgs({
    options: {
      shared: { type: 'string' },
      model: { type: 'string' },
      resources: { type: 'string' },
    },
  })
  const shared = resolve(values.shared ?? process.env.CODER_SHARED ?? '../shared')
  const model = resolve(values.model ?? 'training/.cache/fasttext.model')
  const resources = resolve(values.resources ?? 'resources/terminology')
  if (!existsSync(model)) {
    throw new Error(
      `${model} is missing: train it first (/usr/bin/python3 training/ner/vectors.py)`,
    )
  }
  const words = new Set<string>()
  const add = (text: string): void => vectorWords(text, 'index').forEach((word) => words.add(word))
  for (const { release, extras } of readResources(resources)) {
    release.rows.forEach((row) => add(row.long))
    extras.terms?.forEach((term) => add(term.text))
  }
  const hpoPath = join(shared, 'terminology', 'hpo', 'hp.json.gz')
  if (existsSync(hpoPath)) {
    const hpo = readHpoJson(hpoPath)
    hpo.release.rows.forEach((row) => add(row.long))
    hpo.terms.forEach((term) => add(term.text))
  } else {
    process.stderr.write(`${hpoPath} not found: HPO words left out\n`)
  }
  Object.entries(ABBREVIATIONS).forEach(([key, value]) =>
    add(`${key} ${value.replace(/[[\]]/g, '')}`),
  )
  const cache = resolve('training/.cache')
  mkdirSync(cache, { recursive: true })
  const vocabulary = join(cache, 'terminology-vocabulary.txt')
  writeFileSync(vocabulary, `${[...words].sort().join('\n')}\n`)
  process.stderr.write(`${words.size} words → ${vocabulary}\n`)
  const out = join(resources, VECTORS_FILE)
  const run = spawnSync(
    PYTHON,
    ['scripts/terminologyVectors.py', vocabulary, out, '--model', model],
    {
      stdio: 'inherit',
    },
  )
  if (run.status !== 0) throw new Error(`terminologyVectors.py failed (exit ${run.status})`)
  const entry = recordWordVectors(resources, VECTORS_FILE)
  process.stderr.write(`${JSON.stringify(entry)}\n`)
}

main()
