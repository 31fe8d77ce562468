// What changed between two releases of a system: codes added, deleted and re-described, with their descriptions (terminology layer).
// Pure: the importer diffs the index against the file it imports, the service a kept release against the current one.

/** One code of a release diff: its description in the previous release and in the new one (null where absent). */
export interface DiffEntry {
  readonly code: string
  readonly before: string | null
  readonly after: string | null
}

/**
 * What changed between the system's previous release and the new one (written codes, each list in
 * code order). `details` holds the same codes in the same order with their descriptions.
 */
export interface ReleaseDiff {
  readonly previousRelease: string
  readonly added: readonly string[]
  readonly deleted: readonly string[]
  /** Codes present in both whose long title changed. */
  readonly redescribed: readonly string[]
  readonly details: {
    readonly added: readonly DiffEntry[]
    readonly deleted: readonly DiffEntry[]
    readonly redescribed: readonly DiffEntry[]
  }
}

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
