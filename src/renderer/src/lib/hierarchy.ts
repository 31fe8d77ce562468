// A candidate's place in its code system, for the terminology search panel (renderer lib, pure).
import type { CodeCandidate } from '../../../shared/domain'

/** The path from the root category down to the code: `parents` come nearest first, so reversed. */
export function hierarchyPath(candidate: Pick<CodeCandidate, 'code' | 'parents'>): string[] {
  return [...candidate.parents].reverse().concat(candidate.code)
}

/**
 * Why a candidate matched, in words: its best match through other text than its own title (an
 * index term or synonym), or null when it matched on its title alone.
 */
export function matchReason(candidate: Pick<CodeCandidate, 'via' | 'description'>): string | null {
  const other = candidate.via?.find(
    (match) => match.kind !== 'description' && match.text !== candidate.description,
  )
  return other ? `${other.kind}: ${other.text}` : null
}
