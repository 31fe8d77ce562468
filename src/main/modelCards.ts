// Reads the model cards shipped under resources/models, for run records and the app's About view.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ModelInfo } from '../shared/ipc'

interface CardFile {
  name?: string
  version?: string
  metric?: string
  dev?: { micro_f1?: number }
}

/** One entry per model directory that has a card.json; unreadable cards are skipped. */
export function readModelCards(modelsDir: string): ModelInfo[] {
  if (!existsSync(modelsDir)) return []
  return readdirSync(modelsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(modelsDir, entry.name, 'card.json')))
    .flatMap((entry) => {
      try {
        const card = JSON.parse(
          readFileSync(join(modelsDir, entry.name, 'card.json'), 'utf8'),
        ) as CardFile
        return [
          {
            name: card.name ?? entry.name,
            version: card.version ?? 'unknown',
            metric: card.metric ?? '',
            score: card.dev?.micro_f1 ?? null,
          },
        ]
      } catch {
        return []
      }
    })
}

/** Model name → version, as recorded with each coding run. */
export function modelVersions(cards: readonly ModelInfo[]): Record<string, string> {
  return Object.fromEntries(cards.map((card) => [card.name, card.version]))
}
