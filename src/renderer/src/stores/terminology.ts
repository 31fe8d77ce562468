// Terminology store: free-text search of the installed code sets, for codes the suggestions missed.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { CodeCandidate } from '../../../shared/domain'
import { call } from '../api'
import { useStatusStore } from './status'

export const useTerminologyStore = defineStore('terminology', () => {
  const query = ref('')
  const system = ref<string | null>(null)
  const results = ref<CodeCandidate[]>([])
  const isSearching = ref(false)

  /** Searches the local indices; an empty query clears the results without a call. */
  async function search(): Promise<void> {
    const text = query.value.trim()
    if (!text) {
      results.value = []
      return
    }
    isSearching.value = true
    try {
      const request = { text, limit: 20, ...(system.value ? { system: system.value } : {}) }
      results.value = useStatusStore().unwrap(await call('terminology.search', request)) ?? []
    } finally {
      isSearching.value = false
    }
  }

  return { query, system, results, isSearching, search }
})
