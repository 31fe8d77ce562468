// Code hierarchy of a release: each code's ancestors, nearest first, from the codes or from given parents (terminology layer).
import { ICD10CM, ICD10PCS } from './systems'

/**
 * Ancestors of every code, nearest first, undotted. CM: every shorter prefix (down to the
 * 3-character category) that is itself in the release. PCS: the 3-character header, if present.
 * Other systems: the chain of `parents` (code → its parent), when given; none otherwise.
 */
export function ancestorsOf(
  system: string,
  codes: readonly string[],
  parents: ReadonlyMap<string, string> = new Map(),
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

// Follows parents while they are in the release; a cycle stops at the first repeat.
function chainOf(
  code: string,
  parents: ReadonlyMap<string, string>,
  present: ReadonlySet<string>,
): string[] {
  const chain: string[] = []
  let parent = parents.get(code)
  while (
    parent !== undefined &&
    present.has(parent) &&
    parent !== code &&
    !chain.includes(parent)
  ) {
    chain.push(parent)
    parent = parents.get(parent)
  }
  return chain
}
