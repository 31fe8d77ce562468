import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CoderError } from '../../../src/shared/errors'
import type { DocumentView } from '../../../src/shared/ipc'
import { CHUNKS, META, NOTE_TEXT, codedNote } from '../../unit/main/store/codedNote'
import { countRows, createTempStore, type TempStore } from './tempStore'

let t: TempStore
let doc: DocumentView
beforeEach(() => {
  t = createTempStore()
  doc = t.store.saveCoded(codedNote(), META)
})
afterEach(() => t.dispose())

function thrown(fn: () => unknown): CoderError {
  try {
    fn()
  } catch (error) {
    return error as CoderError
  }
  throw new Error('expected a throw')
}

const decisionRows = () => countRows(t.raw, 'decisions')
const auditRows = () => countRows(t.raw, 'audit')

describe('decide', () => {
  it('returns the suggestion with its new state', () => {
    const target = doc.suggestions[0]!
    const decided = t.store.decide(target.id, 'accept', '  ana  ')
    expect(decided).toEqual({ ...target, decision: 'accept' })
    expect(t.store.getDocument(doc.id).suggestions[0]).toEqual(decided)
  })

  it('appends every decision and lets the latest win', () => {
    const id = doc.suggestions[2]!.id
    t.store.decide(id, 'accept', 'ana')
    t.store.decide(id, 'reject', 'ben')
    expect(t.store.getDocument(doc.id).suggestions[2]!.decision).toBe('reject')
    t.store.decide(id, 'accept', 'ana')
    expect(t.store.getDocument(doc.id).suggestions[2]!.decision).toBe('accept')
    const rows = t.raw
      .prepare('SELECT action, coder FROM decisions WHERE suggestion_id = ? ORDER BY id')
      .all(id)
    expect(rows).toEqual([
      { action: 'accept', coder: 'ana' },
      { action: 'reject', coder: 'ben' },
      { action: 'accept', coder: 'ana' },
    ])
  })

  it('refuses to change or delete a decision or an audit row', () => {
    t.store.decide(doc.suggestions[0]!.id, 'accept', 'ana')
    expect(() => t.raw.exec("UPDATE decisions SET action = 'reject'")).toThrow(/append-only/)
    expect(() => t.raw.exec('DELETE FROM decisions')).toThrow(/append-only/)
    expect(() => t.raw.exec("UPDATE audit SET actor = 'eve'")).toThrow(/append-only/)
    expect(() => t.raw.exec('DELETE FROM audit')).toThrow(/append-only/)
    expect(decisionRows()).toBe(1)
  })

  it('audits each decision with ids and codes, never note text', () => {
    const target = doc.suggestions[3]!
    t.store.decide(target.id, 'reject', 'ana')
    const row = t.raw
      .prepare(
        "SELECT actor, action, entity, entity_id, detail FROM audit WHERE entity = 'suggestion'",
      )
      .get() as { actor: string; action: string; entity_id: number; detail: string }
    expect(row).toMatchObject({ actor: 'ana', action: 'decision.reject', entity_id: target.id })
    expect(JSON.parse(row.detail)).toEqual({
      decisionId: 1,
      documentId: doc.id,
      runId: 1,
      system: 'ICD-10-CM',
      code: 'R50.9',
    })
    const everything = JSON.stringify(t.raw.prepare('SELECT * FROM audit').all())
    for (const chunk of CHUNKS) expect(everything).not.toContain(chunk.text)
    expect(everything).not.toContain(NOTE_TEXT.slice(0, 20))
  })

  it('answers E_NOT_FOUND for an unknown suggestion and writes nothing', () => {
    const error = thrown(() => t.store.decide(9999, 'accept', 'ana'))
    expect(error.code).toBe('E_NOT_FOUND')
    expect(error.message).toBe('No suggestion with id 9999. Reload the worklist.')
    expect([decisionRows(), auditRows()]).toEqual([0, 1])
  })

  it('refuses a bad action or an empty coder', () => {
    const id = doc.suggestions[0]!.id
    expect(thrown(() => t.store.decide(id, 'edit' as 'accept', 'ana')).code).toBe(
      'E_INVALID_REQUEST',
    )
    expect(thrown(() => t.store.decide(id, 'accept', '   ')).code).toBe('E_INVALID_REQUEST')
    expect(decisionRows()).toBe(0)
  })

  it('leaves neither decision nor audit row when the audit insert fails', () => {
    // Another connection makes the audit insert fail after the decision row was written.
    t.raw.exec(`CREATE TRIGGER fail_audit BEFORE INSERT ON audit WHEN NEW.entity = 'suggestion'
      BEGIN SELECT RAISE(ABORT, 'simulated failure'); END`)
    const id = doc.suggestions[0]!.id
    const error = thrown(() => t.store.decide(id, 'accept', 'ana'))
    expect(error.code).toBe('E_DATABASE')
    expect([decisionRows(), auditRows()]).toEqual([0, 1])
    expect(t.store.getDocument(doc.id).suggestions[0]!.decision).toBeNull()
    t.raw.exec('DROP TRIGGER fail_audit')
    expect(t.store.decide(id, 'accept', 'ana').decision).toBe('accept')
    expect([decisionRows(), auditRows()]).toEqual([1, 2])
  })
})
