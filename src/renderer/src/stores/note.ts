// Note store: the open note, its chunks cut into highlight segments, and the chunk in focus (renderer layer).
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Chunk } from '../../../shared/domain'
import type { DocumentView } from '../../../shared/ipc'
import { call } from '../api'
import { toSegments } from '../lib/highlight'
import { compareLabels } from '../lib/labels'
import { useReviewStore } from './review'
import { useStatusStore } from './status'

export const useNoteStore = defineStore('note', () => {
  const view = ref<DocumentView | null>(null)
  const focusedChunkId = ref<string | null>(null)
  const isLoading = ref(false)

  const text = computed(() => view.value?.document.text ?? '')
  const chunks = computed<readonly Chunk[]>(() => view.value?.document.chunks ?? [])
  const chunkById = computed(() => new Map(chunks.value.map((c) => [c.id, c])))
  const segments = computed(() => toSegments(text.value.length, chunks.value))
  /** Labels present in this note, in legend order. */
  const labels = computed(() => [...new Set(chunks.value.map((c) => c.label))].sort(compareLabels))

  /** Loads a coded note and hands its suggestions to the review store. */
  async function load(id: number): Promise<void> {
    isLoading.value = true
    try {
      const loaded = useStatusStore().unwrap(await call('documents.get', { id }))
      if (!loaded) return
      view.value = loaded
      focusedChunkId.value = null
      useReviewStore().reset(loaded.suggestions)
    } finally {
      isLoading.value = false
    }
  }

  function focusChunk(id: string | null): void {
    focusedChunkId.value = id
  }

  return {
    view,
    focusedChunkId,
    isLoading,
    text,
    chunks,
    chunkById,
    segments,
    labels,
    load,
    focusChunk,
  }
})
