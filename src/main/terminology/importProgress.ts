// How far an import has got, and a throttle so a caller sees a few updates a second, not one per row (terminology layer).

/**
 * The steps of one release import, in order: `read` the release files (bytes), `prepare` each code
 * title and index term for the index (rows), `write` them (rows), then build the full-text `index`
 * (0 of 1, then 1 of 1: one SQLite statement, nothing to count inside it).
 */
export type ImportPhase = 'read' | 'prepare' | 'write' | 'index'

/** One progress report: `done` of `total` in the phase's unit (bytes for read, rows otherwise). */
export interface ImportProgress {
  readonly phase: ImportPhase
  readonly done: number
  readonly total: number
}

export type ImportProgressListener = (progress: ImportProgress) => void

/** Rows between two reports from the importer's loops; the throttle decides what reaches the caller. */
export const PROGRESS_EVERY_ROWS = 2048

const DEFAULT_INTERVAL_MS = 100

/**
 * Passes at most one report per `intervalMs` on to `listener`, but always the first report of a
 * phase and its last (done === total), so a listener sees each phase start and finish.
 */
export function throttleProgress(
  listener: ImportProgressListener,
  intervalMs = DEFAULT_INTERVAL_MS,
  now: () => number = () => performance.now(),
): ImportProgressListener {
  let lastPhase: ImportPhase | null = null
  let lastAtMs = Number.NEGATIVE_INFINITY
  return (progress) => {
    const atMs = now()
    const isEdge = progress.phase !== lastPhase || progress.done >= progress.total
    if (!isEdge && atMs - lastAtMs < intervalMs) return
    lastPhase = progress.phase
    lastAtMs = atMs
    listener(progress)
  }
}
