// CLI output: JSON and tables to stdout (or an --out file written atomically), progress to stderr.
import { renameSync, writeFileSync } from 'node:fs'
import { CoderError } from '../shared/errors'

/** Writes the command's result to stdout, or atomically to `out` when given. */
export function emit(content: string, out?: string): void {
  if (!out) {
    process.stdout.write(content.endsWith('\n') ? content : `${content}\n`)
    return
  }
  const temp = `${out}.${process.pid}.tmp`
  try {
    writeFileSync(temp, content)
    renameSync(temp, out)
  } catch (error) {
    throw new CoderError('E_OPTION', { reason: `cannot write --out ${out}: ${String(error)}` })
  }
}

/** Progress for humans; never on stdout, so JSON stays parseable. */
export function progress(message: string): void {
  if (process.stderr.isTTY || process.env.CLINICAL_CODER_PROGRESS === '1') {
    process.stderr.write(`${message}\n`)
  }
}

/** A plain fixed-width table, for the human-readable output of commands. */
export function table(rows: readonly (readonly (string | number)[])[]): string {
  const widths: number[] = []
  for (const row of rows) {
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, String(cell).length)))
  }
  return rows
    .map((row) =>
      row
        .map((cell, i) => String(cell).padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
}

/** A table of records: the first one's keys as the header, one line per record (objects as JSON). */
export function recordTable(records: readonly object[]): string {
  const keys = Object.keys(records[0] ?? {})
  const cell = (value: unknown): string | number =>
    typeof value === 'number' || typeof value === 'string' ? value : (JSON.stringify(value) ?? '')
  return table([
    keys,
    ...records.map((record) => keys.map((key) => cell((record as Record<string, unknown>)[key]))),
  ])
}

/** Parses a positive integer option, or fails with a clear E_OPTION. */
export function positiveInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) {
    throw new CoderError('E_OPTION', {
      reason: `${name} must be a positive integer, got "${value}"`,
    })
  }
  return n
}
