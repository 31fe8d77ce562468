// Review store: the coder's accept/reject decisions on the open note's suggestions, and its export.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { DecisionAction } from '../../../shared/domain'
import type { ExportFormat, ExportResult, ReviewSuggestion } from '../../../shared/ipc'
import { call } from '../api'
import { groupByChunk, navigationOrder } from '../lib/codes'
import { useNoteStore } from './note'
import { useSettingsStore } from './settings'
import { useStatusStore } from './status'
import { useWorklistStore } from './worklist'

export const useReviewStore = defineStore('review', () => {
  const suggestions = ref<ReviewSuggestion[]>([])
  const focusedId = ref<number | null>(null)
  const pendingIds = ref(new Set<number>())
  const lastExport = ref<ExportResult | null>(null)

  const groups = computed(() => groupByChunk(useNoteStore().chunks, suggestions.value))
  /** Proposed suggestions in panel order: what j/k walk through. */
  const order = computed(() => navigationOrder(groups.value, useSettingsStore().candidatesPerChunk))
  const focused = computed(() => suggestions.value.find((s) => s.id === focusedId.value) ?? null)

  function reset(next: readonly ReviewSuggestion[]): void {
    suggestions.value = [...next]
    focusedId.value = null
    lastExport.value = null
  }

  /** Records a decision; the row shows the decision main stored, never an optimistic guess. */
  async function decide(id: number, action: DecisionAction): Promise<void> {
    if (pendingIds.value.has(id)) return
    pendingIds.value.add(id)
    try {
      const saved = useStatusStore().unwrap(
        await call('review.decide', { suggestionId: id, action }),
      )
      if (!saved) return
      suggestions.value = suggestions.value.map((s) => (s.id === saved.id ? saved : s))
      await useWorklistStore().load()
    } finally {
      pendingIds.value.delete(id)
    }
  }

  /** Moves the keyboard focus `step` rows through the proposed suggestions, clamped at the ends. */
  function moveFocus(step: number): void {
    const list = order.value
    if (list.length === 0) return
    const at = list.findIndex((s) => s.id === focusedId.value)
    const next =
      at < 0 ? (step > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, at + step))
    focus(list[next]?.id ?? null)
  }

  function focus(id: number | null): void {
    focusedId.value = id
    const chunk = suggestions.value.find((s) => s.id === id)?.chunk ?? null
    useNoteStore().focusChunk(chunk)
  }

  /** Decides on the focused suggestion (the a/r keys). */
  async function decideFocused(action: DecisionAction): Promise<void> {
    if (focused.value) await decide(focused.value.id, action)
  }

  /** Writes the open note's coded summary; the written path is shown in the toolbar. */
  async function exportAs(format: ExportFormat): Promise<void> {
    const documentId = useNoteStore().view?.id
    if (documentId === undefined) {
      useStatusStore().report({ code: 'E_OPTION', message: 'Open a note before exporting it.' })
      return
    }
    const result = await call('export.save', { documentId, format })
    // A closed save dialog answers ok with no file: nothing was written, and that is no error.
    if (result.ok && !result.value)
      useStatusStore().inform('Export cancelled: nothing was written.')
    const written = useStatusStore().unwrap(result)
    if (written) lastExport.value = written
  }

  return {
    suggestions,
    focusedId,
    pendingIds,
    lastExport,
    groups,
    order,
    focused,
    reset,
    decide,
    moveFocus,
    focus,
    decideFocused,
    exportAs,
  }
})
