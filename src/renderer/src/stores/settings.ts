// Settings store: what the host app offers (version, models, terminologies, file dialogs) and view preferences.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { AppInfo, ExportFormat } from '../../../shared/ipc'
import { call } from '../api'
import { useStatusStore } from './status'

export const useSettingsStore = defineStore('settings', () => {
  const info = ref<AppInfo | null>(null)
  /** Format the menu's Export… command writes. */
  const exportFormat = ref<ExportFormat>('csv')
  /** How many candidates each chunk lists before "more". */
  const candidatesPerChunk = ref(3)

  /** False until the host says it has a native file dialog (the browser test bridge has none). */
  const canPickFiles = computed(() => info.value?.canPickFiles ?? false)

  /** Loads the host's app info once at start-up. */
  async function load(): Promise<void> {
    info.value = useStatusStore().unwrap(await call('app.info', {}))
  }

  return { info, exportFormat, candidatesPerChunk, canPickFiles, load }
})
