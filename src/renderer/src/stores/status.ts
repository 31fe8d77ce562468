// Status store: the error banner and the last confirmation shown to the coder (renderer layer).
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ErrorData } from '../../../shared/errors'
import type { CallResult } from '../../../shared/ipc'

export const useStatusStore = defineStore('status', () => {
  const errors = ref<ErrorData[]>([])
  const notice = ref<string | null>(null)

  /** Shows an error in the banner; the same message twice is shown once. */
  function report(error: ErrorData): void {
    if (!errors.value.some((e) => e.message === error.message)) errors.value.push(error)
  }

  /** The value of a call, or null after putting its error in the banner. */
  function unwrap<T>(result: CallResult<T>): T | null {
    if (result.ok) return result.value
    report(result.error)
    return null
  }

  function inform(message: string): void {
    notice.value = message
  }

  function dismiss(): void {
    errors.value = []
    notice.value = null
  }

  return { errors, notice, report, unwrap, inform, dismiss }
})
