// The real CLI as a child process (`node --import tsx src/cli/index.ts …`, run from the repository
// root), for the tests that drive its commands end to end.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const REPO = fileURLToPath(new URL('../..', import.meta.url))

/** What one CLI run gave: exit status (null when it was killed) and its two streams. */
export interface CliResult {
  readonly status: number | null
  readonly stdout: string
  readonly stderr: string
}

export interface CliOptions {
  /** Added to this process's environment. */
  readonly env?: Readonly<Record<string, string>>
  /** Default 120 s. */
  readonly timeoutMs?: number
}

/** A function that runs the CLI with its arguments, under `options`. */
export function cliRunner(options: CliOptions = {}): (...args: string[]) => CliResult {
  return (...args) => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', ...args], {
      cwd: REPO,
      encoding: 'utf8',
      env: { ...process.env, ...options.env },
      timeout: options.timeoutMs ?? 120_000,
    })
    return { status: result.status, stdout: result.stdout, stderr: result.stderr }
  }
}
