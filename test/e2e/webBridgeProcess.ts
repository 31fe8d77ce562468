// The e2e tests' browser and bridge: Debian's Chromium and `npm run web` as its own process group.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'

export const CHROMIUM = '/usr/bin/chromium'
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
export const HAS_CHROMIUM = existsSync(CHROMIUM)
export const repoRoot = resolve(import.meta.dirname, '../..')
/** Where the e2e tests write their screenshots: $SHOTS_DIR, else test-results in the repository. */
export const SHOTS_DIR = process.env.SHOTS_DIR ?? resolve(repoRoot, 'test-results')
/** The bridge builds the page and, for a fresh index, the terminology index first. */
export const START_TIMEOUT_MS = 240_000

export interface Bridge {
  readonly process: ChildProcess
  readonly url: string
  readonly stderr: () => string
  readonly isClosed: () => boolean
}

/** Starts `npm run web -- --port 0 ...args` as its own process group; resolves with the URL it prints. */
export function startBridge(args: readonly string[]): Promise<Bridge> {
  const child = spawn('npm', ['run', '--silent', 'web', '--', '--port', '0', ...args], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  let isClosed = false
  child.once('close', () => (isClosed = true))
  child.stderr?.on('data', (data: Buffer) => (stderr += data.toString()))
  return new Promise((done, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`no listening line; stderr:\n${stderr}`)),
      START_TIMEOUT_MS,
    )
    child.stdout?.on('data', (data: Buffer) => {
      stdout += data.toString()
      const match = /^listening (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(stdout)
      if (match?.[1]) {
        clearTimeout(timer)
        done({ process: child, url: match[1], stderr: () => stderr, isClosed: () => isClosed })
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      fail(new Error(`npm run web exited with ${code}; stderr:\n${stderr}`))
    })
  })
}

/**
 * SIGTERM to the whole group (npm, tsx, node), as Ctrl-C would; waits until every holder of its
 * output pipes is gone, and kills what is left after 15 s.
 */
export async function stopBridge(bridge: Bridge | undefined): Promise<void> {
  const pid = bridge?.process.pid
  if (!bridge || pid === undefined || bridge.isClosed()) return
  const closed = new Promise((done) => bridge.process.once('close', done))
  process.kill(-pid, 'SIGTERM')
  const late = setTimeout(() => process.kill(-pid, 'SIGKILL'), 15_000)
  await closed
  clearTimeout(late)
}
