// Code hierarchy of a release: each code's ancestors, nearest first, from the codes or from given parents (terminology layer).
import { ICD10CM, ICD10PCS } from './systems'

/**
 * Ancestors of every code, nearest first, undotted. CM: every shorter prefix (down to the
 * 3-character category) that is itself in the release. PCS: the 3-character header, if present.
 * Other systems: the ancestors through `parents` (code → its parent, or its parents in a
 * polyhierarchy such as HPO or SNOMED CT, breadth first), when given; none otherwise.
 */
export function ancestorsOf(
  system: string,
  codes: readonly string[],
  parents: ReadonlyMap<string, string | readonly string[]> = new Map(),
): Map<string, string[]> {
  const present = new Set(codes)
  const ancestors = new Map<string, string[]>()
  for (const code of codes) {
    if (system === ICD10CM || system === ICD10PCS) {
      ancestors.set(code, prefixAncestors(system, code, present))
    } else {
      ancestors.set(code, chainOf(code, parents, present))
    }
  }
  return ancestors
}

function prefixAncestors(system: string, code: string, present: ReadonlySet<string>): string[] {
  const found: string[] = []
  const shortest = 3
  const longest = system === ICD10CM ? code.length - 1 : Math.min(shortest, code.length - 1)
  for (let length = longest; length >= shortest; length--) {
    const prefix = code.slice(0, length)
    if (present.has(prefix)) found.push(prefix)
  }
  return found
}

// Breadth first through the parents in the release: nearest first, each ancestor once (so a
// cycle ends), capped so a deep polyhierarchy does not bloat every row.
const MAX_ANCESTORS = 24

function chainOf(
  code: string,
  parents: ReadonlyMap<string, string | readonly string[]>,
  present: ReadonlySet<string>,
): string[] {
  const chain: string[] = []
  const seen = new Set([code])
  const queue = [...parentsOf(code, parents)]
  while (queue.length > 0 && chain.length < MAX_ANCESTORS) {
    const parent = queue.shift() as string
    if (seen.has(parent) || !present.has(parent)) continue
    seen.add(parent)
    chain.push(parent)
    queue.push(...parentsOf(parent, parents))
  }
  return chain
}

function parentsOf(
  code: string,
  parents: ReadonlyMap<string, string | readonly string[]>,
): readonly string[] {
  const found = parents.get(code)
  if (found === undefined) return []
  return typeof found === 'string' ? [found] : found
}
