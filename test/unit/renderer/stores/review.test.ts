// Review and worklist stores against a test-only fake of `window.api`: decisions shown as main stored
// them, failures in the banner, exports remembered, opened notes selected.
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CodedDocument } from '../../../../src/shared/domain'
import type {
  Api,
  CallName,
  CallResult,
  DocumentView,
  ReviewSuggestion,
} from '../../../../src/shared/ipc'
import { useNoteStore } from '../../../../src/renderer/src/stores/note'
import { useReviewStore } from '../../../../src/renderer/src/stores/review'
import { useStatusStore } from '../../../../src/renderer/src/stores/status'
import { useWorklistStore } from '../../../../src/renderer/src/stores/worklist'

const TEXT = 'Denies fever. Left knee pain.'

const suggestion: ReviewSuggestion = {
  id: 7,
  chunk: 'c2',
  basis: 'enriched',
  chunkText: 'Left knee pain',
  system: 'ICD-10-CM',
  code: 'M25.562',
  description: 'Pain in left knee',
  billable: true,
  score: 0.93,
  rank: 1,
  assertion: 'present',
  decision: null,
}

const document: CodedDocument = {
  id: 'note.txt',
  path: '/notes/note.txt',
  text: TEXT,
  encoding: 'utf-8',
  sections: [],
  chunks: [
    {
      id: 'c1',
      start: 7,
      end: 12,
      text: 'fever',
      label: 'Symptom',
      confidence: 0.9,
      assertion: 'absent',
      assertionCue: { start: 0, end: 6, text: 'Denies' },
    },
    {
      id: 'c2',
      start: 14,
      end: 28,
      text: 'Left knee pain',
      label: 'Symptom',
      confidence: 0.9,
      assertion: 'present',
      assertionCue: null,
    },
  ],
  relations: [],
  enriched: [],
  suggestions: [suggestion],
}

const view: DocumentView = { id: 1, name: 'note.txt', document, suggestions: [suggestion] }

type Reply = (request: unknown) => CallResult<unknown>

/** A fake host answering each call from a table; it records what the page asked. */
function installFakeApi(replies: Partial<Record<CallName, Reply>>): { calls: [string, unknown][] } {
  const calls: [string, unknown][] = []
  const api: Api = {
    call: async (name, request) => {
      calls.push([name, request])
      const reply = replies[name]
      return (reply ? reply(request) : { ok: true, value: [] }) as never
    },
    on: () => () => undefined,
  }
  vi.stubGlobal('window', { api })
  return { calls }
}

describe('review store', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => vi.unstubAllGlobals())

  it('shows the decision main stored and refreshes the worklist counts', async () => {
    const fake = installFakeApi({
      'documents.get': () => ({ ok: true, value: view }),
      'review.decide': () => ({ ok: true, value: { ...suggestion, decision: 'accept' } }),
    })
    await useNoteStore().load(1)
    const review = useReviewStore()
    expect(review.groups.map((g) => [g.chunk.id, g.isProposed])).toEqual([['c2', true]])

    await review.decide(7, 'accept')
    expect(review.suggestions[0]?.decision).toBe('accept')
    expect(fake.calls.map(([name]) => name)).toEqual([
      'documents.get',
      'review.decide',
      'documents.list',
    ])
    expect(fake.calls[1]?.[1]).toEqual({ suggestionId: 7, action: 'accept' })
  })

  it('leaves the decision unchanged and shows the error when main refuses', async () => {
    const error = {
      code: 'E_NOT_FOUND',
      message: 'No suggestion with id 7. Reload the worklist.',
    } as const
    installFakeApi({
      'documents.get': () => ({ ok: true, value: view }),
      'review.decide': () => ({ ok: false, error }),
    })
    await useNoteStore().load(1)
    await useReviewStore().decide(7, 'reject')
    expect(useReviewStore().suggestions[0]?.decision).toBeNull()
    expect(useStatusStore().errors).toEqual([error])
  })

  it('walks the proposed suggestions with j/k and decides the focused one', async () => {
    installFakeApi({
      'documents.get': () => ({ ok: true, value: view }),
      'review.decide': () => ({ ok: true, value: { ...suggestion, decision: 'reject' } }),
    })
    await useNoteStore().load(1)
    const review = useReviewStore()
    review.moveFocus(1)
    expect(review.focusedId).toBe(7)
    expect(useNoteStore().focusedChunkId).toBe('c2')
    review.moveFocus(1) // clamped at the end
    expect(review.focusedId).toBe(7)
    await review.decideFocused('reject')
    expect(review.suggestions[0]?.decision).toBe('reject')
  })

  it('remembers the written export, and a cancelled save writes nothing', async () => {
    const written = { path: '/tmp/note.codes.csv', format: 'csv', codes: 1, bytes: 120 }
    let reply: CallResult<unknown> = { ok: true, value: written }
    installFakeApi({
      'documents.get': () => ({ ok: true, value: view }),
      'export.save': () => reply,
    })
    await useNoteStore().load(1)
    await useReviewStore().exportAs('csv')
    expect(useReviewStore().lastExport).toEqual(written)
    reply = { ok: true, value: null }
    await useReviewStore().exportAs('json')
    expect(useReviewStore().lastExport).toEqual(written)
    expect(useStatusStore().notice).toMatch(/cancelled/)
    expect(useStatusStore().errors).toEqual([])
  })
})

describe('worklist store', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => vi.unstubAllGlobals())

  it('reports each file that failed to open and selects the first opened note', async () => {
    const summary = {
      id: 1,
      name: 'note.txt',
      path: '/notes/note.txt',
      addedAt: '',
      chunks: 2,
      suggestions: 1,
      accepted: 0,
      rejected: 0,
    }
    const failure = {
      code: 'E_FILE_EMPTY',
      message: 'The file /notes/empty.txt is empty: there is no note text to code.',
    } as const
    installFakeApi({
      'documents.open': () => ({
        ok: true,
        value: { opened: [summary], failed: [{ path: '/notes/empty.txt', error: failure }] },
      }),
      'documents.list': () => ({ ok: true, value: [summary] }),
      'documents.get': () => ({ ok: true, value: view }),
    })
    const worklist = useWorklistStore()
    await worklist.open(['/notes/note.txt', '/notes/empty.txt'])
    expect(worklist.documents).toEqual([summary])
    expect(worklist.selectedId).toBe(1)
    expect(useNoteStore().view?.name).toBe('note.txt')
    expect(useStatusStore().errors).toEqual([failure])
  })

  it('shows a missing host as an error instead of throwing', async () => {
    vi.stubGlobal('window', {})
    await useWorklistStore().load()
    expect(useStatusStore().errors[0]?.code).toBe('E_INTERNAL')
  })
})

describe('worklist progress', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => vi.unstubAllGlobals())

  it('follows documents.progress while notes are coded and stops when removed', () => {
    const listeners = new Set<(payload: unknown) => void>()
    const api: Api = {
      call: async () => ({ ok: true, value: [] }) as never,
      on: (event, listener) => {
        if (event !== 'documents.progress') return () => undefined
        const forward = listener as (payload: unknown) => void
        listeners.add(forward)
        return () => listeners.delete(forward)
      },
    }
    vi.stubGlobal('window', { api })
    const worklist = useWorklistStore()
    const remove = worklist.followProgress()
    const emit = (done: number, total: number) =>
      listeners.forEach((listener) => listener({ path: `/n${done}.txt`, done, total }))

    emit(1, 3)
    expect(worklist.progress).toEqual({ done: 1, total: 3 })
    emit(3, 3)
    expect(worklist.progress).toBeNull()
    remove()
    emit(2, 3)
    expect(worklist.progress).toBeNull()
    expect(listeners.size).toBe(0)
  })
})
