// The coding mode setting: fast by default, kept in the page's storage, and sent with every
// request that codes notes (documents.open, documents.pick), against a fake `window.api`.
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { calls as contract, type Api } from '../../../../src/shared/ipc'
import { readStoredMode, useSettingsStore } from '../../../../src/renderer/src/stores/settings'
import { useWorklistStore } from '../../../../src/renderer/src/stores/worklist'

/** The page's localStorage, in memory (Node has none). */
function installStorage(initial: Record<string, string> = {}): Map<string, string> {
  const items = new Map(Object.entries(initial))
  vi.stubGlobal('localStorage', {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  })
  return items
}

function installApi(): [string, unknown][] {
  const sent: [string, unknown][] = []
  const api: Api = {
    call: async (name, request) => {
      sent.push([name, request])
      const value = name === 'documents.list' ? [] : { opened: [], failed: [] }
      return { ok: true, value } as never
    },
    on: () => () => undefined,
  }
  vi.stubGlobal('window', { api })
  return sent
}

describe('coding mode setting', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => vi.unstubAllGlobals())

  it('starts fast, and fast again for a missing or unknown stored value', () => {
    installStorage()
    expect(useSettingsStore().mode).toBe('fast')
    installStorage({ 'clinical-coder.mode': 'turbo' })
    expect(readStoredMode()).toBe('fast')
  })

  it('remembers the choice across restarts of the page', () => {
    const storage = installStorage()
    useSettingsStore().setMode('accurate')
    expect(storage.get('clinical-coder.mode')).toBe('accurate')
    setActivePinia(createPinia())
    expect(useSettingsStore().mode).toBe('accurate')
  })

  it('sends the mode with the requests that code notes, and the contract accepts it', async () => {
    installStorage()
    const sent = installApi()
    const settings = useSettingsStore()
    const worklist = useWorklistStore()
    await worklist.open(['/notes/a.txt'])
    settings.setMode('accurate')
    await worklist.open(['/notes/b.txt'])
    await worklist.pick()
    const coding = sent.filter(([name]) => name === 'documents.open' || name === 'documents.pick')
    expect(coding).toEqual([
      ['documents.open', { paths: ['/notes/a.txt'], mode: 'fast' }],
      ['documents.open', { paths: ['/notes/b.txt'], mode: 'accurate' }],
      ['documents.pick', { mode: 'accurate' }],
    ])
    for (const [name, request] of coding) {
      const schema = contract[name as 'documents.open' | 'documents.pick'].request
      expect(schema.safeParse(request).success).toBe(true)
    }
    expect(contract['documents.pick'].request.safeParse({ mode: 'turbo' }).success).toBe(false)
  })
})
