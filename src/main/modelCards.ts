// Reads the model cards shipped under resources/models, for run records and the app's About view.
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { ModelInfo } from '../shared/ipc'
import { readModelCard } from './pipeline'

/** One entry per model directory that has a card.json; unreadable cards are skipped. */
export function readModelCards(modelsDir: string): ModelInfo[] {
  if (!existsSync(modelsDir)) return []
  return readdirSync(modelsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(modelsDir, entry.name, 'card.json')))
    .flatMap((entry) => {
      try {
        return [readModelCard(join(modelsDir, entry.name), entry.name)]
      } catch {
        return []
      }
    })
}

/** Model name → version, as recorded with each coding run. */
export function modelVersions(cards: readonly ModelInfo[]): Record<string, string> {
  return Object.fromEntries(cards.map((card) => [card.name, card.version]))
}
