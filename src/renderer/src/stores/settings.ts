// Settings store: what the host app offers (version, models, terminologies, file dialogs), view
// preferences, and the coding mode (fast or accurate models) notes are opened in.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { CODING_MODES, type CodingMode } from '../../../shared/domain'
import type { AppInfo, ExportFormat } from '../../../shared/ipc'
import { call } from '../api'
import { useStatusStore } from './status'

export const useSettingsStore = defineStore('settings', () => {
  const info = ref<AppInfo | null>(null)
  /** Format the menu's Export… command writes. */
  const exportFormat = ref<ExportFormat>('csv')
  /** How many candidates each chunk lists before "more". */
  const candidatesPerChunk = ref(3)
  /** The mode notes are coded in from now on; kept in the page's storage across restarts. */
  const mode = ref<CodingMode>(readStoredMode())

  /** Codes the next notes opened in `next` mode, and remembers the choice. */
  function setMode(next: CodingMode): void {
    mode.value = next
    try {
      localStorage.setItem(MODE_KEY, next)
    } catch {
      // Storage refused (private window, quota): the choice holds for this session only.
    }
  }

  /** False until the host says it has a native file dialog (the browser test bridge has none). */
  const canPickFiles = computed(() => info.value?.canPickFiles ?? false)

  /** Loads the host's app info once at start-up. */
  async function load(): Promise<void> {
    info.value = useStatusStore().unwrap(await call('app.info', {}))
  }

  return { info, exportFormat, candidatesPerChunk, mode, setMode, canPickFiles, load }
})

const MODE_KEY = 'clinical-coder.mode'

/** The stored coding mode; 'fast' when none, or an unknown value, is stored. */
export function readStoredMode(): CodingMode {
  let stored: string | null = null
  try {
    stored = localStorage.getItem(MODE_KEY)
  } catch {
    stored = null
  }
  return CODING_MODES.find((mode) => mode === stored) ?? 'fast'
}
