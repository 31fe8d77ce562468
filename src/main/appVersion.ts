// The app's version, read once from package.json (kept out of the bundle's constants on purpose).
import { readFileSync } from 'node:fs'

let cached: string | undefined

/** The version field of the project's package.json, or "unknown" when it cannot be read. */
export function readPackageVersion(): string {
  if (cached) return cached
  try {
    const url = new URL('../../package.json', import.meta.url)
    cached = (JSON.parse(readFileSync(url, 'utf8')) as { version?: string }).version ?? 'unknown'
  } catch {
    cached = 'unknown'
  }
  return cached
}
