// Note store: the open note, its chunks cut into highlight segments, its relations and enriched
// chunks, and the chunk in focus or under the pointer (renderer layer).
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Chunk, EnrichedChunk, Relation } from '../../../shared/domain'
import type { DocumentView } from '../../../shared/ipc'
import { call } from '../api'
import { toSegments } from '../lib/highlight'
import { compareLabels } from '../lib/labels'
import { relatedChunkIds } from '../lib/relations'
import { useReviewStore } from './review'
import { useStatusStore } from './status'

export const useNoteStore = defineStore('note', () => {
  const view = ref<DocumentView | null>(null)
  const focusedChunkId = ref<string | null>(null)
  const hoveredChunkId = ref<string | null>(null)
  /** The note header's "Relations" toggle: every arc at once, not only the active chunk's. */
  const showAllRelations = ref(false)
  const isLoading = ref(false)

  const text = computed(() => view.value?.document.text ?? '')
  const chunks = computed<readonly Chunk[]>(() => view.value?.document.chunks ?? [])
  const chunkById = computed(() => new Map(chunks.value.map((c) => [c.id, c])))
  const segments = computed(() => toSegments(text.value.length, chunks.value))
  const relations = computed<readonly Relation[]>(() => view.value?.document.relations ?? [])
  const enriched = computed<readonly EnrichedChunk[]>(() => view.value?.document.enriched ?? [])
  /** The chunk whose relations are drawn: the one under the pointer, else the focused one. */
  const activeChunkId = computed(() => hoveredChunkId.value ?? focusedChunkId.value)
  const relatedIds = computed(() => relatedChunkIds(activeChunkId.value, relations.value))
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
      hoveredChunkId.value = null
      useReviewStore().reset(loaded.suggestions)
    } finally {
      isLoading.value = false
    }
  }

  function focusChunk(id: string | null): void {
    focusedChunkId.value = id
  }

  function hoverChunk(id: string | null): void {
    hoveredChunkId.value = id
  }

  return {
    view,
    focusedChunkId,
    hoveredChunkId,
    showAllRelations,
    isLoading,
    text,
    chunks,
    chunkById,
    segments,
    relations,
    enriched,
    activeChunkId,
    relatedIds,
    labels,
    load,
    focusChunk,
    hoverChunk,
  }
})
