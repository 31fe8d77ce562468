// Worklist store: the notes opened in this project, with their coding counts (renderer layer).
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { CallResult, DocumentSummary, OpenResult } from '../../../shared/ipc'
import { call, on } from '../api'
import { useNoteStore } from './note'
import { useSettingsStore } from './settings'
import { useStatusStore } from './status'

export const useWorklistStore = defineStore('worklist', () => {
  const documents = ref<DocumentSummary[]>([])
  const selectedId = ref<number | null>(null)
  const isOpening = ref(false)
  /** Notes coded so far of those being opened; null when nothing is being opened. */
  const progress = ref<{ done: number; total: number } | null>(null)

  /** Follows the main process's progress events; returns the remover for onUnmounted. */
  function followProgress(): () => void {
    return on('documents.progress', ({ done, total }) => {
      progress.value = done < total ? { done, total } : null
    })
  }

  /** Reloads the list and its counts from the project. */
  async function load(): Promise<void> {
    const list = useStatusStore().unwrap(await call('documents.list', {}))
    if (list) documents.value = list
  }

  /** Shows a note in the note view and codes panel. */
  async function select(id: number): Promise<void> {
    selectedId.value = id
    await useNoteStore().load(id)
  }

  /** Opens notes through the native dialog (desktop app only), coded in the settings' mode. */
  async function pick(): Promise<void> {
    await receive(call('documents.pick', { mode: useSettingsStore().mode }))
  }

  /** Opens notes by path, coded in the settings' mode. */
  async function open(paths: string[]): Promise<void> {
    await receive(call('documents.open', { paths, mode: useSettingsStore().mode }))
  }

  async function receive(pending: Promise<CallResult<OpenResult>>): Promise<void> {
    isOpening.value = true
    try {
      const result = useStatusStore().unwrap(await pending)
      if (!result) return
      for (const failure of result.failed) useStatusStore().report(failure.error)
      await load()
      const first = result.opened[0]
      if (first && selectedId.value === null) await select(first.id)
    } finally {
      isOpening.value = false
      progress.value = null
    }
  }

  return { documents, selectedId, isOpening, progress, followProgress, load, select, pick, open }
})
