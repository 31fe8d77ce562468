// Systems store against a test-only fake of `window.api`: releases listed, an import with its
// progress and result, an error shown with the list reloaded, a cancelled dialog, a drop.
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type {
  Api,
  CallName,
  CallResult,
  Events,
  ImportResult,
  SystemRelease,
} from '../../../../src/shared/ipc'
import { useStatusStore } from '../../../../src/renderer/src/stores/status'
import { useSystemsStore } from '../../../../src/renderer/src/stores/systems'

type Reply = (request: unknown) => CallResult<unknown> | Promise<CallResult<unknown>>
type Progress = Events['terminology.progress']

const v1: SystemRelease = {
  system: 'Wound Codes',
  release: 'woundcodes_v1',
  version: 'unknown',
  codes: 3,
  billable: 3,
  headers: 0,
  indexTerms: 0,
  importedAt: '2026-01-01T00:00:00.000Z',
  source: 'woundcodes_v1.csv',
  isCurrent: true,
}
const v2: SystemRelease = { ...v1, release: 'woundcodes_v2', source: 'woundcodes_v2.csv' }

const imported: ImportResult = {
  path: '/r/woundcodes_v2.csv',
  imported: [
    {
      system: 'Wound Codes',
      release: 'woundcodes_v2',
      version: 'unknown',
      codes: 3,
      billable: 3,
      headers: 0,
      indexTerms: 0,
      diff: {
        previousRelease: 'woundcodes_v1',
        added: ['WND-3'],
        deleted: ['WND-2'],
        redescribed: ['WND-1'],
        details: {
          added: [{ code: 'WND-3', before: null, after: 'Negative pressure wound therapy' }],
          deleted: [{ code: 'WND-2', before: 'Complex wound dressing', after: null }],
          redescribed: [
            { code: 'WND-1', before: 'Simple dressing', after: 'Simple wound dressing' },
          ],
        },
      },
      keptReleases: ['woundcodes_v1'],
      seconds: 0.05,
    },
  ],
}

/** A fake host answering calls from a table and pushing progress events to the page's listeners. */
function installFakeApi(replies: Partial<Record<CallName, Reply>>) {
  const calls: [string, unknown][] = []
  const listeners = new Set<(payload: Progress) => void>()
  const api: Api = {
    call: async (name, request) => {
      calls.push([name, request])
      const reply = replies[name]
      return (reply ? await reply(request) : { ok: true, value: [] }) as never
    },
    on: (event, listener) => {
      if (event !== 'terminology.progress') return () => undefined
      const typed = listener as (payload: Progress) => void
      listeners.add(typed)
      return () => listeners.delete(typed)
    },
  }
  vi.stubGlobal('window', { api })
  const emit = (payload: Progress) => listeners.forEach((listener) => listener(payload))
  return { calls, emit, listeners }
}

const progress = (phase: Progress['phase'], done: number, total: number): Progress => ({
  path: '/r/woundcodes_v2.csv',
  file: 1,
  files: 1,
  phase,
  done,
  total,
})

describe('systems store', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => vi.unstubAllGlobals())

  it('imports by path with the system name, shows progress while it runs, then the diff', async () => {
    let finish: (value: CallResult<ImportResult>) => void = () => undefined
    const fake = installFakeApi({
      'terminology.list': () => ({ ok: true, value: [v2, { ...v1, isCurrent: false }] }),
      'terminology.import': () => new Promise((resolve) => (finish = resolve)),
    })
    const systems = useSystemsStore()
    const remove = systems.followProgress()
    systems.path = ' /r/woundcodes_v2.csv '
    systems.systemName = ' Wound Codes '
    const running = systems.importPath()
    expect(systems.isImporting).toBe(true)
    fake.emit(progress('write', 2, 3))
    expect(systems.progress).toMatchObject({ phase: 'write', done: 2, total: 3 })

    finish({ ok: true, value: imported })
    await running
    expect(fake.calls[0]).toEqual([
      'terminology.import',
      { path: '/r/woundcodes_v2.csv', system: 'Wound Codes' },
    ])
    expect(fake.calls.map(([name]) => name)).toEqual([
      'terminology.import',
      'terminology.list',
      'app.info',
    ])
    expect(systems.isImporting).toBe(false)
    expect(systems.progress).toBeNull()
    expect(systems.lastImport?.imported[0]?.diff?.added).toEqual(['WND-3'])
    expect(systems.groups.map((g) => [g.current?.release, g.kept.map((r) => r.release)])).toEqual([
      ['woundcodes_v2', ['woundcodes_v1']],
    ])
    expect(useStatusStore().notice).toBe('Imported Wound Codes woundcodes_v2.')

    // Progress after the import (a late event) does not bring the bar back.
    fake.emit(progress('index', 1, 1))
    expect(systems.progress).toBeNull()
    remove()
    expect(fake.listeners.size).toBe(0)
  })

  it('shows a refused import in the banner, keeps the last diff, and reloads the list', async () => {
    const error = {
      code: 'E_RELEASE_MALFORMED',
      message:
        'The release file /r/broken.csv is malformed at line 3: a row must have 2 or 3 fields.',
    } as const
    const fake = installFakeApi({
      'terminology.list': () => ({ ok: true, value: [v1] }),
      'terminology.import': () => ({ ok: false, error }),
    })
    const systems = useSystemsStore()
    systems.lastImport = imported
    systems.path = '/r/broken.csv'
    await systems.importPath()
    expect(useStatusStore().errors).toEqual([error])
    expect(systems.lastImport).toEqual(imported)
    expect(systems.releases).toEqual([v1])
    expect(fake.calls.map(([name]) => name)).toContain('terminology.list')
  })

  it('asks for a path before calling main, and sends no system when the name is blank', async () => {
    const fake = installFakeApi({ 'terminology.import': () => ({ ok: true, value: imported }) })
    const systems = useSystemsStore()
    await systems.importPath()
    expect(fake.calls).toEqual([])
    expect(useStatusStore().errors[0]?.message).toMatch(/path of a release file or folder/)

    systems.path = '/r/icd10cm_order_2026.txt'
    await systems.importPath()
    expect(fake.calls[0]).toEqual(['terminology.import', { path: '/r/icd10cm_order_2026.txt' }])
  })

  it('says the index is unchanged when the dialog is cancelled', async () => {
    const fake = installFakeApi({ 'terminology.pick': () => ({ ok: true, value: null }) })
    const systems = useSystemsStore()
    await systems.pick('folder')
    expect(fake.calls[0]).toEqual(['terminology.pick', { kind: 'folder' }])
    expect(systems.lastImport).toBeNull()
    expect(useStatusStore().notice).toBe('Import cancelled: the index is unchanged.')
  })

  it('before any import, loads the diff of each system keeping an earlier release (a restart)', async () => {
    const kept = {
      system: 'Wound Codes',
      release: 'woundcodes_v2',
      diff: imported.imported[0]!.diff!,
    }
    let list = [v2, { ...v1, isCurrent: false }]
    const fake = installFakeApi({
      'terminology.list': () => ({ ok: true, value: list }),
      'terminology.diff': () => ({ ok: true, value: kept }),
      'terminology.drop': () => ({ ok: true, value: (list = [v2]) }),
    })
    const systems = useSystemsStore()
    await systems.load()
    expect(fake.calls).toEqual([
      ['terminology.list', {}],
      ['terminology.diff', { system: 'Wound Codes' }],
    ])
    expect(systems.keptDiffs).toEqual([kept])
    // Dropped, the kept release takes its diff with it.
    await systems.drop('Wound Codes', 'woundcodes_v1')
    expect(systems.keptDiffs).toEqual([])
    expect(fake.calls.filter(([name]) => name === 'terminology.diff')).toHaveLength(1)
  })

  it('drops a kept release and shows the releases main answers', async () => {
    const fake = installFakeApi({ 'terminology.drop': () => ({ ok: true, value: [v2] }) })
    const systems = useSystemsStore()
    systems.releases = [v2, { ...v1, isCurrent: false }]
    await systems.drop('Wound Codes', 'woundcodes_v1')
    expect(fake.calls[0]).toEqual([
      'terminology.drop',
      { system: 'Wound Codes', release: 'woundcodes_v1' },
    ])
    expect(systems.releases).toEqual([v2])
    expect(systems.droppingKey).toBeNull()
  })
})
