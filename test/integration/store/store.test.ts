import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CoderError } from '../../../src/shared/errors'
import { openStore } from '../../../src/main/store'
import {
  CHUNKS,
  META,
  NOTE_PATH,
  NOTE_TEXT,
  SHA_A,
  SHA_B,
  SUGGESTIONS,
  codedNote,
} from '../../unit/main/store/codedNote'
import { countRows, createTempStore, type TempStore } from './tempStore'

let t: TempStore
beforeEach(() => {
  t = createTempStore()
})
afterEach(() => t.dispose())

/** The error `fn` throws; fails the test when it does not throw. */
function thrown(fn: () => unknown): CoderError {
  try {
    fn()
  } catch (error) {
    return error as CoderError
  }
  throw new Error('expected a throw')
}

describe('saveCoded and getDocument', () => {
  it('round-trips the coded document, offsets and all', () => {
    const saved = t.store.saveCoded(codedNote(), META)
    expect(saved.name).toBe('ed-knee.txt')
    expect(saved.document).toEqual(codedNote())
    expect(t.store.getDocument(saved.id)).toEqual(saved)
    expect(saved.suggestions.map((s) => [s.code, s.decision])).toEqual(
      SUGGESTIONS.map((s) => [s.code, null]),
    )
    expect(new Set(saved.suggestions.map((s) => s.id)).size).toBe(SUGGESTIONS.length)
  })

  it('stores chunks as offsets whose slice of the stored text is the chunk text', () => {
    t.store.saveCoded(codedNote(), META)
    const rows = t.raw
      .prepare(
        `SELECT c.chunk_key AS key, c.start_offset AS start, c.end_offset AS "end",
           c.cue_start AS cueStart, c.cue_end AS cueEnd, c.cue_text AS cueText, d.text
         FROM chunks c JOIN runs r ON r.id = c.run_id JOIN documents d ON d.id = r.document_id`,
      )
      .all() as {
      key: string
      start: number
      end: number
      cueStart: number | null
      cueEnd: number | null
      cueText: string | null
      text: string
    }[]
    expect(rows).toHaveLength(CHUNKS.length)
    for (const row of rows) {
      const fixture = CHUNKS.find((c) => c.id === row.key)
      expect(row.text).toBe(NOTE_TEXT)
      expect(row.text.slice(row.start, row.end)).toBe(fixture?.text)
      if (row.cueStart !== null)
        expect(row.text.slice(row.cueStart, row.cueEnd ?? 0)).toBe(row.cueText)
    }
    const view = t.store.getDocument(1)
    for (const c of view.document.chunks)
      expect(c.text).toBe(view.document.text.slice(c.start, c.end))
  })

  it('records the run with its mode, models and times, and a PHI-free audit row', () => {
    const startedAt = '2025-03-04T05:06:07.000Z'
    t.store.saveCoded(codedNote(), { ...META, mode: 'accurate', startedAt })
    const run = t.raw
      .prepare('SELECT mode, models, status, started_at, finished_at FROM runs')
      .get()
    expect(run).toMatchObject({ mode: 'accurate', status: 'done', started_at: startedAt })
    expect(JSON.parse((run as { models: string }).models)).toEqual(META.models)
    const audit = t.raw.prepare('SELECT actor, action, entity, detail FROM audit').all()
    expect(audit).toEqual([
      {
        actor: 'system',
        action: 'document.save',
        entity: 'document',
        detail: JSON.stringify({
          runId: 1,
          mode: 'accurate',
          chunks: 5,
          relations: 2,
          enriched: 1,
          suggestions: 5,
        }),
      },
    ])
  })

  it('returns the stored document for the same path and bytes, keeping its decisions', () => {
    const first = t.store.saveCoded(codedNote(), META)
    t.store.decide(first.suggestions[0]!.id, 'accept', 'ana')
    const again = t.store.saveCoded(codedNote(), { ...META, sha256: SHA_A.toUpperCase() })
    expect(again.id).toBe(first.id)
    expect(again.suggestions[0]!.decision).toBe('accept')
    expect([countRows(t.raw, 'documents'), countRows(t.raw, 'runs')]).toEqual([1, 1])
    const changed = t.store.saveCoded(codedNote(), { ...META, sha256: SHA_B })
    expect(changed.id).not.toBe(first.id)
    expect(changed.suggestions[0]!.decision).toBeNull()
  })

  it('writes nothing when the input is invalid', () => {
    const bad = codedNote({ suggestions: [...SUGGESTIONS, { ...SUGGESTIONS[0]!, chunk: 'c9' }] })
    expect(thrown(() => t.store.saveCoded(bad, META)).code).toBe('E_INVALID_REQUEST')
    for (const table of ['documents', 'runs', 'chunks', 'suggestions', 'audit']) {
      expect(countRows(t.raw, table)).toBe(0)
    }
  })

  it('rolls the whole save back when a statement fails half way', () => {
    // Another process's schema change makes the enriched insert fail after document, run and
    // chunks were written; none of them may remain.
    t.raw.exec(`CREATE TRIGGER fail_enriched BEFORE INSERT ON enriched
      BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END`)
    const error = thrown(() => t.store.saveCoded(codedNote(), META))
    expect(error.code).toBe('E_DATABASE')
    expect(error.message).toContain('simulated disk failure')
    for (const table of ['documents', 'runs', 'chunks', 'relations', 'suggestions', 'audit']) {
      expect(countRows(t.raw, table)).toBe(0)
    }
  })

  it('answers E_NOT_FOUND for an unknown document', () => {
    const error = thrown(() => t.store.getDocument(42))
    expect(error.code).toBe('E_NOT_FOUND')
    expect(error.message).toBe('No document with id 42. Reload the worklist.')
  })
})

describe('listDocuments', () => {
  it('lists each document with counts from its latest run', () => {
    expect(t.store.listDocuments()).toEqual([])
    const saved = t.store.saveCoded(codedNote(), META)
    const [first, second, third] = saved.suggestions
    t.store.decide(first!.id, 'accept', 'ana')
    t.store.decide(second!.id, 'reject', 'ana')
    t.store.decide(third!.id, 'accept', 'ana')
    t.store.decide(third!.id, 'reject', 'ben')
    t.store.saveCoded(codedNote({ chunks: [], relations: [], enriched: [], suggestions: [] }), {
      ...META,
      sha256: SHA_B,
    })
    const [one, two] = t.store.listDocuments()
    expect(one).toMatchObject({
      id: saved.id,
      name: 'ed-knee.txt',
      path: NOTE_PATH,
      chunks: 5,
      suggestions: 5,
      accepted: 1,
      rejected: 2,
    })
    expect(Date.parse(one!.addedAt)).not.toBeNaN()
    expect(two).toMatchObject({ chunks: 0, suggestions: 0, accepted: 0, rejected: 0 })
  })

  it('sees what another connection to the same file wrote (app and CLI share one file)', () => {
    const other = openStore(t.dbPath)
    other.saveCoded(codedNote(), META)
    expect(t.store.listDocuments().map((d) => d.name)).toEqual(['ed-knee.txt'])
    other.close()
  })

  it('fails with E_DATABASE once closed', () => {
    t.store.close()
    expect(thrown(() => t.store.listDocuments()).message).toContain('the store is closed')
  })
})
