// Systems store: the code systems and releases in the local index, importing a release with its
// progress and diff, and dropping an earlier release (renderer layer).
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { CallResult, ImportResult, SystemDiff, SystemRelease } from '../../../shared/ipc'
import { call, on } from '../api'
import { groupBySystem, type ImportProgressEvent } from '../lib/releases'
import { useSettingsStore } from './settings'
import { useStatusStore } from './status'

export const useSystemsStore = defineStore('systems', () => {
  const releases = ref<SystemRelease[]>([])
  /** The name a custom CSV is imported as; blank lets main detect an official release. */
  const systemName = ref('')
  /** A path typed where the host has no file dialog (the browser test bridge). */
  const path = ref('')
  const isImporting = ref(false)
  /** The latest progress event of the import under way; null when none runs. */
  const progress = ref<ImportProgressEvent | null>(null)
  /** The last import that succeeded in this session, with its diff against the previous release. */
  const lastImport = ref<ImportResult | null>(null)
  const droppingKey = ref<string | null>(null)
  /**
   * Before any import in this session: each system's current release against the earlier one it
   * keeps, recomputed by main, so the last diff survives a restart.
   */
  const keptDiffs = ref<SystemDiff[]>([])

  const groups = computed(() => groupBySystem(releases.value))

  /** Follows the import thread's progress events; returns the remover for onUnmounted. */
  function followProgress(): () => void {
    return on('terminology.progress', (event) => {
      if (isImporting.value) progress.value = event
    })
  }

  /** Reloads the releases from the index (and, before any import, the kept releases' diffs). */
  async function load(): Promise<void> {
    const list = useStatusStore().unwrap(await call('terminology.list', {}))
    if (list) releases.value = list
    if (lastImport.value === null) await loadKeptDiffs()
  }

  async function loadKeptDiffs(): Promise<void> {
    const withKept = groups.value.filter((group) => group.current && group.kept.length > 0)
    const found = await Promise.all(
      withKept.map(async ({ system }) =>
        useStatusStore().unwrap(await call('terminology.diff', { system })),
      ),
    )
    keptDiffs.value = found.filter((diff): diff is SystemDiff => diff !== null)
  }

  /** Imports a release file or folder by path (where there is no dialog, or for a known path). */
  async function importPath(): Promise<void> {
    const typed = path.value.trim()
    if (!typed) {
      useStatusStore().report({
        code: 'E_OPTION',
        message: 'Type the path of a release file or folder to import.',
      })
      return
    }
    await receive(() => call('terminology.import', { path: typed, ...systemOption() }))
  }

  /** Picks a release file or folder in the host's dialog and imports it. */
  async function pick(kind: 'file' | 'folder'): Promise<void> {
    await receive(() => call('terminology.pick', { kind, ...systemOption() }))
  }

  /** Drops an earlier release kept after a newer import. */
  async function drop(system: string, release: string): Promise<void> {
    droppingKey.value = `${system}\u0000${release}`
    try {
      const left = useStatusStore().unwrap(await call('terminology.drop', { system, release }))
      if (!left) return
      releases.value = left
      if (lastImport.value === null) await loadKeptDiffs()
      useStatusStore().inform(`Dropped ${system} ${release}.`)
      await useSettingsStore().load()
    } finally {
      droppingKey.value = null
    }
  }

  function systemOption(): { system?: string } {
    const name = systemName.value.trim()
    return name ? { system: name } : {}
  }

  // The list is reloaded whatever happened: a folder import keeps the files imported before a bad one.
  async function receive(start: () => Promise<CallResult<ImportResult | null>>): Promise<void> {
    if (isImporting.value) return
    isImporting.value = true
    progress.value = null
    try {
      const result = await start()
      const imported = useStatusStore().unwrap(result)
      if (imported) {
        lastImport.value = imported
        const names = imported.imported.map((r) => `${r.system} ${r.release}`).join(', ')
        useStatusStore().inform(`Imported ${names}.`)
      } else if (result.ok) {
        useStatusStore().inform('Import cancelled: the index is unchanged.')
      }
      await load()
      await useSettingsStore().load()
    } finally {
      isImporting.value = false
      progress.value = null
    }
  }

  return {
    releases,
    systemName,
    path,
    isImporting,
    progress,
    lastImport,
    keptDiffs,
    droppingKey,
    groups,
    followProgress,
    load,
    importPath,
    pick,
    drop,
  }
})
