// Code hierarchy of a release: each code's ancestors, nearest first, derived from the codes alone (terminology layer).
import { ICD10CM, type KnownSystem } from './systems'

/**
 * Ancestors of every code, nearest first, undotted. CM: every shorter prefix (down to the
 * 3-character category) that is itself in the release. PCS: the 3-character header, if present.
 */
export function ancestorsOf(system: KnownSystem, codes: readonly string[]): Map<string, string[]> {
  const present = new Set(codes)
  const ancestors = new Map<string, string[]>()
  for (const code of codes) {
    const found: string[] = []
    const shortest = 3
    const longest = system === ICD10CM ? code.length - 1 : Math.min(shortest, code.length - 1)
    for (let length = longest; length >= shortest; length--) {
      const prefix = code.slice(0, length)
      if (present.has(prefix)) found.push(prefix)
    }
    ancestors.set(code, found)
  }
  return ancestors
}
