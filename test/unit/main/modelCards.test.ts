// Model cards: what the app shows of each shipped model, read by one function for every kind.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { modelVersions, readModelCards } from '../../../src/main/modelCards'

function modelsDir(cards: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'coder-cards-'))
  for (const [name, card] of Object.entries(cards)) {
    mkdirSync(join(dir, name))
    writeFileSync(join(dir, name, 'card.json'), card)
  }
  return dir
}

describe('readModelCards', () => {
  it('takes macro F1 where a card has it (relations) and micro F1 otherwise (NER)', () => {
    const dir = modelsDir({
      ner: JSON.stringify({
        name: 'clinical-ner',
        version: '0.4.0',
        metric: 'micro F1',
        dev: { micro_f1: 0.62 },
      }),
      're-clinical': JSON.stringify({ version: '0.1.0', dev: { macro_f1: 0.9, micro_f1: 0.88 } }),
    })
    const cards = readModelCards(dir).sort((a, b) => a.name.localeCompare(b.name))
    expect(cards).toEqual([
      { name: 'clinical-ner', version: '0.4.0', metric: 'micro F1', score: 0.62 },
      { name: 're-clinical', version: '0.1.0', metric: 'unknown', score: 0.9 },
    ])
    expect(modelVersions(cards)).toEqual({ 'clinical-ner': '0.4.0', 're-clinical': '0.1.0' })
  })

  it('skips a card that is not JSON, and a missing folder gives no cards', () => {
    const dir = modelsDir({ broken: '{ not json', ok: JSON.stringify({ version: '1' }) })
    expect(readModelCards(dir).map((card) => card.name)).toEqual(['ok'])
    expect(readModelCards(join(dir, 'absent'))).toEqual([])
  })
})
