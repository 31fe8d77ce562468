// Navigation store: which screen the window shows, the notes under review or the code systems (renderer layer).
import { defineStore } from 'pinia'
import { ref } from 'vue'

export type Screen = 'notes' | 'systems'

export const useNavigationStore = defineStore('navigation', () => {
  const screen = ref<Screen>('notes')

  function show(next: Screen): void {
    screen.value = next
  }

  return { screen, show }
})
