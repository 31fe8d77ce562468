// `eval ner` with the transformer models: the real CLI on fixture folders (--mode accurate picks
// the model and head per corpus), and, when ../shared is present, the dev splits against the
// int8 scores the Python trainer wrote into each card (decoded as its labels.json says).
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { cliRunner } from '../cliRunner'
import { evaluateNer, type NerEvalResult } from '../../../src/main/evaluation'
import { readCorpus, type NerCorpus } from '../../../src/main/evaluation/corpora'
import { readModelFacts } from '../../../src/main/evaluation/modelFacts'
import { abstractSentences, lineSentences } from '../../../src/main/evaluation/nerGold'
import { scoreNer, type ScoredDocument } from '../../../src/main/evaluation/scorer'
import type { Sentence } from '../../../src/shared/domain'
import type { Span } from '../../../src/shared/text'
import { toChunks } from '../../../src/main/pipeline/nerChunks'
import { MAX_SENTENCE_TOKENS, tokenize } from '../../../src/main/pipeline/segment'
import {
  tagBatch,
  tokenWindows,
  windowInput,
  type WindowInput,
} from '../../../src/main/pipeline/transformerNer'
import {
  headOf,
  loadTransformerNerModel,
  type NerHead,
  type TransformerNerModel,
} from '../../../src/main/pipeline/transformerNerModel'

const REPO = fileURLToPath(new URL('../../..', import.meta.url))
const FIXTURES = join(REPO, 'test', 'fixtures', 'eval')
const SHARED = process.env.CODER_SHARED ?? join(REPO, '..', 'shared')
const MODELS = join(REPO, 'resources', 'models')

const cli = cliRunner()

describe('eval ner --mode accurate (fixture folders)', () => {
  it('scores BC5CDR with the literature model’s bc5cdr head', () => {
    const args = ['--corpus', 'bc5cdr', '--split', 'dev', '--data', join(FIXTURES, 'bc5cdr')]
    const result = cli('eval', 'ner', ...args, '--mode', 'accurate', '--json')
    expect(result.status).toBe(0)
    const json = JSON.parse(result.stdout) as NerEvalResult
    // Gold: Aspirin, Metformin, Lithium (Drug); fever, chest pain, pneumonia, diabetes mellitus,
    // tremor (Problem). The model finds all eight, and one more span of each label.
    expect(json).toMatchObject({
      corpus: 'bc5cdr',
      split: 'dev',
      micro_f1: 0.8889,
      per_type: {
        Drug: { support: 3, predicted: 4, correct: 3 },
        Problem: { support: 5, predicted: 6, correct: 5 },
      },
      model: { name: 'clinical-coder-ner-literature', kind: 'transformer', head: 'bc5cdr' },
    })
    expect(result.stderr).toMatch(/model clinical-coder-ner-literature \(bc5cdr head\)/)
  })

  it('scores MACCROBAT with the clinical transformer, and fast mode with the BiLSTM-CRF', () => {
    const args = [
      '--corpus',
      'maccrobat',
      '--split',
      'all',
      '--data',
      join(FIXTURES, 'maccrobat2020'),
    ]
    const accurate = JSON.parse(cli('eval', 'ner', ...args, '--mode', 'accurate', '--json').stdout)
    expect(accurate).toMatchObject({
      documents: 1,
      gold_spans: 14,
      model: {
        name: 'clinical-coder-ner-transformer',
        head: 'maccrobat',
        blended_with: 'clinical-coder-ner',
      },
    })
    const alone = JSON.parse(
      cli('eval', 'ner', ...args, '--mode', 'accurate', '--transformer-only', '--json').stdout,
    ) as NerEvalResult
    expect(alone.model.blended_with).toBeNull()
    expect((accurate as NerEvalResult).micro_f1).toBeGreaterThan(0.7)
    const fast = JSON.parse(cli('eval', 'ner', ...args, '--json').stdout) as NerEvalResult
    expect(fast.model).toMatchObject({ name: 'clinical-coder-ner', kind: 'bilstm-crf', head: null })
  })

  it('exits 2 with a one-line message for a bad mode, a head the model lacks, or DDI dev without a card split', () => {
    const bc5cdr = ['--corpus', 'bc5cdr', '--split', 'dev', '--data', join(FIXTURES, 'bc5cdr')]
    const mode = cli('eval', 'ner', ...bc5cdr, '--mode', 'slow')
    expect(mode.status).toBe(2)
    expect(mode.stderr.trim()).toMatch(/^\[E_OPTION\] .*--mode must be one of fast, accurate/)
    const maccrobat = [
      '--corpus',
      'maccrobat',
      '--split',
      'all',
      '--data',
      join(FIXTURES, 'maccrobat2020'),
    ]
    const noHead = cli('eval', 'ner', ...maccrobat, '--model', join(MODELS, 'ner-literature'))
    expect(noHead.status).toBe(2)
    expect(noHead.stderr.trim()).toMatch(/^\[E_OPTION\] .*no head for maccrobat/)
    const ddi = ['--corpus', 'ddi2013', '--split', 'dev', '--data', join(FIXTURES, 'ddi2013')]
    const ddiDev = cli('eval', 'ner', ...ddi)
    expect(ddiDev.status).toBe(2)
    expect(ddiDev.stderr.trim()).toMatch(/^\[E_OPTION\] .*lists no DDI dev documents/)
  })
})

/** The shared dataset folder of each corpus, and the model and card key its dev score is under. */
const DEV_CHECKS: readonly { corpus: NerCorpus; folder: string; model: string }[] = [
  { corpus: 'maccrobat', folder: 'maccrobat2020', model: 'ner-transformer' },
  { corpus: 'ncbi_disease', folder: 'ncbi_disease', model: 'ner-literature' },
  { corpus: 'ddi2013', folder: 'ddi2013', model: 'ner-literature' },
]

function cardDevF1(model: string, corpus: NerCorpus): number {
  const card = JSON.parse(readFileSync(join(MODELS, model, 'card.json'), 'utf8')) as {
    dev: { int8_onnxruntime: Record<string, { micro_f1: number }> }
  }
  const score = card.dev.int8_onnxruntime[corpus]?.micro_f1
  if (score === undefined) throw new Error(`${model}/card.json has no int8 dev score for ${corpus}`)
  return score
}

const hasShared = existsSync(join(SHARED, 'datasets'))
if (!hasShared) {
  console.warn(`skipping the transformer NER dev checks: ${SHARED}/datasets is absent`)
}

describe.skipIf(!hasShared)('transformer NER on the real dev splits (../shared)', () => {
  for (const { corpus, folder, model } of DEV_CHECKS) {
    it(`eval ner ${corpus} dev loses at most 0.005 to the card’s int8 F1`, async () => {
      const result = await evaluateNer({
        corpus,
        split: 'dev',
        dataDir: join(SHARED, 'datasets', folder),
        modelDir: join(MODELS, model),
      })
      // The app segments sentences its own way and batches by length; training scored its
      // own sentences (lines, abstract sentences) 64 windows a call, and int8 activations are
      // quantized per call. That moves the score a little (MACCROBAT 0.6362 against 0.6388),
      // and the note-level mention-consistency step then adds to it (NCBI 0.8371 → 0.8467);
      // the exact reproduction below checks the decoding itself.
      expect(result.micro_f1).toBeGreaterThan(cardDevF1(model, corpus) - 0.005)
    }, 300_000)
  }

  it('eval ner maccrobat dev: averaged with the BiLSTM-CRF beats the transformer alone', async () => {
    const options = {
      corpus: 'maccrobat',
      split: 'dev',
      dataDir: join(SHARED, 'datasets', 'maccrobat2020'),
      modelDir: join(MODELS, 'ner-transformer'),
    }
    const alone = await evaluateNer(options)
    const blended = await evaluateNer({ ...options, blendDir: join(MODELS, 'ner') })
    expect(blended.model.blended_with).toBe('clinical-coder-ner')
    // Dev micro F1 when written: 0.6542 averaged against 0.6387 alone (training/encoder/README.md).
    expect(blended.micro_f1).toBeGreaterThan(alone.micro_f1 + 0.01)
  }, 300_000)

  for (const { corpus, folder, model } of DEV_CHECKS.slice(0, 2)) {
    it(`reproduces the card’s ${corpus} int8 F1 exactly on training’s sentences and batches`, async () => {
      const score = await scoreAsTraining(
        corpus,
        join(SHARED, 'datasets', folder),
        join(MODELS, model),
        tagBatch,
      )
      expect(score).toBe(cardDevF1(model, corpus))
    }, 300_000)
  }
})

type BatchTagger = (
  model: TransformerNerModel,
  head: NerHead,
  batch: readonly WindowInput[],
) => Promise<{ readonly tags: readonly number[] }[]>

/**
 * Dev micro F1 with training's own input: sentence ranges (MACCROBAT lines, abstract sentences)
 * cut into 128-token pieces, windows 64 at a time in document order (finetune.ner_predict),
 * each batch tagged by `tagWindows`.
 */
async function scoreAsTraining(
  corpus: NerCorpus,
  dataDir: string,
  modelDir: string,
  tagWindows: BatchTagger,
): Promise<number> {
  const facts = readModelFacts(modelDir, corpus)
  const documents = readCorpus({
    corpus,
    split: 'dev',
    dataDir,
    keepModifier: false,
    documentSplit: facts.documentSplit,
  })
  const model = await loadTransformerNerModel(modelDir)
  const head = headOf(model, facts.head ?? '')
  const sentencesOf = documents.map((d) =>
    trainingSentences(
      d.text,
      corpus === 'maccrobat' ? lineSentences(d.text) : abstractSentences(d.text),
    ),
  )
  const units = documents.flatMap((d, k) =>
    (sentencesOf[k] ?? []).flatMap((sentence, i) => {
      const pieces = sentence.tokens.map((t) =>
        model.wordPiece.tokenIds(d.text.slice(t.start, t.end)),
      )
      return tokenWindows(
        pieces.map((p) => p.length),
        model.maxPieces,
      ).map((w) => ({
        k,
        i,
        first: w.first,
        input: windowInput(pieces.slice(w.first, w.end), model.maxPieces, model.ids),
      }))
    }),
  )
  const tags = sentencesOf.map((sentences) =>
    sentences.map((s) => new Array<number>(s.tokens.length).fill(0)),
  )
  for (let from = 0; from < units.length; from += 64) {
    const batch = units.slice(from, from + 64)
    const tagged = await tagWindows(
      model,
      head,
      batch.map((u) => u.input),
    )
    batch.forEach((u, b) =>
      tagged[b]?.tags.forEach((tag, t) => {
        const row = tags[u.k]?.[u.i]
        if (row) row[u.first + t] = tag
      }),
    )
  }
  const scored: ScoredDocument[] = documents.map((d, k) => {
    const sentences = sentencesOf[k] ?? []
    const tagged = sentences.map((_, i) => ({ tags: tags[k]?.[i] ?? [], probabilities: [] }))
    const chunks = toChunks(head.tags, d.text, sentences, tagged)
    return {
      gold: d.gold,
      predicted: chunks.map(({ start, end, label }) => ({ start, end, label })),
    }
  })
  return scoreNer(scored, facts.labels).micro_f1
}

function trainingSentences(text: string, ranges: readonly Span[]): Sentence[] {
  const tokens = tokenize(text)
  const sentences: Sentence[] = []
  let from = 0
  for (const range of ranges) {
    while (from < tokens.length && (tokens[from]?.start ?? 0) < range.start) from++
    let to = from
    while (to < tokens.length && (tokens[to]?.start ?? 0) < range.end) to++
    for (let first = from; first < to; first += MAX_SENTENCE_TOKENS) {
      const part = tokens.slice(first, Math.min(first + MAX_SENTENCE_TOKENS, to))
      const start = part[0]?.start ?? 0
      sentences.push({ start, end: part[part.length - 1]?.end ?? start, tokens: part })
    }
    from = to
  }
  return sentences
}
