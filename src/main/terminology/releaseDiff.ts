// What changed between two releases of a system: codes added, deleted and re-described, with their descriptions (terminology layer).
// Pure: the importer diffs the index against the file it imports, the service a kept release against the current one.

import type { DiffEntry, ReleaseDiff } from '../../shared/ipc'

// The diff's shape is the IPC contract's: the CLI and the Systems screen show it as it is made.
export type { DiffEntry, ReleaseDiff }

/** Diffs two releases given as written code → description. */
export function diffReleases(
  previousRelease: string,
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
): ReleaseDiff {
  const added: DiffEntry[] = []
  const redescribed: DiffEntry[] = []
  for (const [code, description] of after) {
    const previous = before.get(code)
    if (previous === undefined) added.push({ code, before: null, after: description })
    else if (previous !== description)
      redescribed.push({ code, before: previous, after: description })
  }
  const deleted: DiffEntry[] = []
  for (const [code, description] of before) {
    if (!after.has(code)) deleted.push({ code, before: description, after: null })
  }
  const details = {
    added: added.sort(byCode),
    deleted: deleted.sort(byCode),
    redescribed: redescribed.sort(byCode),
  }
  const codes = (entries: readonly DiffEntry[]) => entries.map((entry) => entry.code)
  return {
    previousRelease,
    added: codes(details.added),
    deleted: codes(details.deleted),
    redescribed: codes(details.redescribed),
    details,
  }
}

// Plain code-unit order: the same on every machine, whatever its locale.
function byCode(a: DiffEntry, b: DiffEntry): number {
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0
}
