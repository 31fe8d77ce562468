// The Systems screen's views of the index: releases grouped by system, import progress in words,
// and a release diff cut into browsable lists (renderer lib, pure).
import type {
  DiffEntry,
  Events,
  ImportedRelease,
  ImportPhase,
  ReleaseDiff,
  SystemDiff,
  SystemRelease,
} from '../../../shared/ipc'

/** One system: its current release and the earlier ones kept, newest import first. */
export interface SystemGroup {
  readonly system: string
  readonly current: SystemRelease | null
  readonly kept: readonly SystemRelease[]
}

/** Groups the releases by system, in the order main lists the systems. */
export function groupBySystem(releases: readonly SystemRelease[]): SystemGroup[] {
  const order: string[] = []
  const bySystem = new Map<string, SystemRelease[]>()
  for (const release of releases) {
    if (!bySystem.has(release.system)) {
      order.push(release.system)
      bySystem.set(release.system, [])
    }
    bySystem.get(release.system)?.push(release)
  }
  return order.map((system) => {
    const list = bySystem.get(system) ?? []
    const kept = list
      .filter((r) => !r.isCurrent)
      .sort((a, b) => b.importedAt.localeCompare(a.importedAt))
    return { system, current: list.find((r) => r.isCurrent) ?? null, kept }
  })
}

export type ImportProgressEvent = Events['terminology.progress']

const PHASE_LABELS: Readonly<Record<ImportPhase, string>> = {
  read: 'Reading the release file',
  prepare: 'Preparing rows',
  write: 'Writing rows',
  index: 'Building the search index',
}

const PHASES: readonly ImportPhase[] = ['read', 'prepare', 'write', 'index']

/** What the progress bar shows: a sentence, and a fraction in [0, 1] or null while unmeasurable. */
export interface ProgressView {
  readonly label: string
  readonly step: string
  readonly fraction: number | null
}

/**
 * The bar for one progress event. Reading and index building are single steps with nothing to
 * count inside, so their bar is indeterminate (null) until they end; rows are counted.
 */
export function describeProgress(event: ImportProgressEvent): ProgressView {
  const isCounted = event.phase === 'prepare' || event.phase === 'write'
  const isDone = event.total > 0 && event.done >= event.total
  const fraction =
    event.total > 0 && (isCounted || isDone) ? Math.min(1, event.done / event.total) : null
  const count = isCounted ? ` ${formatCount(event.done)} of ${formatCount(event.total)}` : ''
  const file = event.files > 1 ? ` · file ${event.file} of ${event.files}` : ''
  return {
    label: `${PHASE_LABELS[event.phase]}${count}…`,
    step: `Step ${PHASES.indexOf(event.phase) + 1} of ${PHASES.length}${file}`,
    fraction,
  }
}

/** 12345 → "12,345": row counts are read at a glance. */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US')
}

export type DiffKind = 'added' | 'deleted' | 'redescribed'

export const DIFF_KINDS: readonly DiffKind[] = ['added', 'deleted', 'redescribed']

export const DIFF_LABELS: Readonly<Record<DiffKind, string>> = {
  added: 'Added',
  deleted: 'Deleted',
  redescribed: 'Re-described',
}

/**
 * One page of a diff list: the entries of `kind` whose code or description (before or after)
 * contains `filter` (any case), at most `limit`, and how many match in all.
 */
export function diffPage(
  diff: ReleaseDiff,
  kind: DiffKind,
  filter: string,
  limit: number,
): { readonly entries: readonly DiffEntry[]; readonly matching: number } {
  const needle = filter.trim().toLowerCase()
  const entries = diff.details[kind]
  const matching = needle
    ? entries.filter((entry) =>
        [entry.code, entry.before ?? '', entry.after ?? ''].some((text) =>
          text.toLowerCase().includes(needle),
        ),
      )
    : entries
  return { entries: matching.slice(0, limit), matching: matching.length }
}

/** A diff the panel can show: from an import of this session (with its report) or a kept release. */
export interface DiffSource {
  readonly system: string
  readonly release: string
  /** The import's report; null for a diff recomputed against a kept release (e.g. after a restart). */
  readonly report: ImportedRelease | null
  /** Null when the system was new to the index. */
  readonly diff: ReleaseDiff | null
}

/**
 * What the diff panel lists: the files of this session's last import, else the diff of each
 * system that keeps an earlier release, so the last diff is still there after a restart.
 */
export function diffSources(
  imported: readonly ImportedRelease[] | null,
  kept: readonly SystemDiff[],
): DiffSource[] {
  if (imported !== null && imported.length > 0) {
    return imported.map((report) => ({
      system: report.system,
      release: report.release,
      report,
      diff: report.diff ?? null,
    }))
  }
  return kept.map(({ system, release, diff }) => ({ system, release, report: null, diff }))
}
