// `code --mode accurate` end to end: the transformer NER codes the note (other chunks than fast
// mode's), and a note saved with --db records its run as accurate.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { cliRunner } from '../cliRunner'
import type { CodedDocument } from '../../../src/shared/domain'

const home = mkdtempSync(join(tmpdir(), 'coder-accurate-'))

const cli = cliRunner({ env: { CLINICAL_CODER_HOME: home }, timeoutMs: 180_000 })

function code(...args: string[]) {
  const result = cli(...args)
  expect(result.stderr).toBe('')
  expect(result.status).toBe(0)
  return (JSON.parse(result.stdout) as { documents: CodedDocument[] }).documents
}

describe('code --mode accurate', () => {
  it('tags with the transformer NER and records the mode with the run', () => {
    const db = join(home, 'project.sqlite')
    const note = 'examples/ed-knee.txt'
    const [fast] = code('code', note, '--json')
    const [accurate] = code('--db', db, 'code', note, '--mode', 'accurate', '--json')
    expect(accurate?.chunks.length).toBeGreaterThan(5)
    for (const chunk of accurate?.chunks ?? []) {
      expect(accurate?.text.slice(chunk.start, chunk.end)).toBe(chunk.text)
    }
    expect(accurate?.suggestions.length).toBeGreaterThan(0)
    // Two different taggers: the chunks or their confidences differ.
    const summary = (doc: CodedDocument | undefined) =>
      doc?.chunks.map((c) => `${c.start}-${c.end}/${c.label}/${c.confidence.toFixed(3)}`)
    expect(summary(accurate)).not.toEqual(summary(fast))
    const store = new Database(db, { readonly: true })
    try {
      expect(store.prepare('SELECT mode FROM runs').all()).toEqual([{ mode: 'accurate' }])
    } finally {
      store.close()
    }
  }, 360_000)
})
