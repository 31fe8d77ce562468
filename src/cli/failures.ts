// Reports per-file failures of a batch on stderr, and marks the run as failed (exit code 2).
import type { OpenFailure } from '../shared/ipc'

/** One `[CODE] message` line per failed file; sets exit code 2 when any failed. */
export function reportFailures(failed: readonly OpenFailure[]): void {
  for (const failure of failed) {
    process.stderr.write(`[${failure.error.code}] ${failure.error.message}\n`)
  }
  if (failed.length > 0) process.exitCode = 2
}
