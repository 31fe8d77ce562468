// `npm run web`: builds the real renderer and serves it with the loopback test bridge (CLI.md "web").
// Prints `listening http://127.0.0.1:PORT/` on stdout once the --open notes are in the worklist.
import { Command, InvalidArgumentError } from 'commander'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { build } from 'vite'
import { rendererConfig } from '../../electron.vite.config'
import { CoderError, toErrorData } from '../shared/errors'
import { createHandlers } from '../main/handlers'
import { createServices } from '../main/services'
import { dataHome } from './paths'
import { createWebPlatform, startWebBridge } from './webBridge'
import type { WebBridge } from './webBridge'
import type { Platform } from '../main/handlers'

const repoRoot = resolve(import.meta.dirname, '../..')

interface WebOptions {
  readonly port: number
  readonly open: string[]
  readonly db?: string
  readonly terminologyDb?: string
  readonly exportDir?: string
  readonly resources: string
}

function parsePort(value: string): number {
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError('a port is a whole number from 0 (any free port) to 65535')
  }
  return port
}

function parseOptions(argv: string[]): WebOptions {
  return new Command('web')
    .description('Serve the real renderer over the loopback test bridge (127.0.0.1 only).')
    .option('--port <n>', 'port to listen on; 0 picks a free one', parsePort, 0)
    .option('--open <files...>', 'notes to open before listening', [])
    .option('--db <file>', 'project database (default: a temporary folder)')
    .option(
      '--terminology-db <file>',
      "terminology index (default: the CLI's, in $CLINICAL_CODER_HOME or ~/.clinical-coder)",
    )
    .option(
      '--export-dir <dir>',
      'folder exports are written to (default: under the OS temp folder)',
    )
    .option('--resources <dir>', 'models and terminology resources', join(repoRoot, 'resources'))
    .parse(argv, { from: 'user' })
    .opts<WebOptions>()
}

/** Builds the renderer exactly as the app does, into `outDir`; Vite's output goes to stderr. */
async function buildRenderer(outDir: string): Promise<void> {
  await build({
    ...rendererConfig,
    configFile: false,
    logLevel: 'warn',
    build: {
      ...rendererConfig.build,
      outDir,
      emptyOutDir: true,
      // Timing hints are for bundler authors; stderr stays for what a test run needs to see.
      rolldownOptions: { checks: { bundlerTimings: false } },
    },
  })
}

async function defaultTerminologyDb(): Promise<string> {
  await mkdir(dataHome(), { recursive: true })
  return join(dataHome(), 'terminology.sqlite')
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2))
  // The built page and the default project database live in a scratch folder removed on exit, so
  // two bridges never overwrite each other's page; exports outlive the bridge.
  const scratch = await mkdtemp(join(tmpdir(), 'clinical-coder-web-'))
  const webRoot = join(scratch, 'web')
  await buildRenderer(webRoot)
  const exportDir = options.exportDir
    ? resolve(options.exportDir)
    : await mkdtemp(join(tmpdir(), 'clinical-coder-exports-'))
  await mkdir(exportDir, { recursive: true })
  const services = await createServices({
    projectDb: resolve(options.db ?? join(scratch, 'project.sqlite')),
    // The index is a cache of the shipped code sets: shared with the CLI, so it is built once, not per start.
    terminologyDb: resolve(options.terminologyDb ?? (await defaultTerminologyDb())),
    resourcesDir: resolve(options.resources),
  })
  // Events reach the page once the bridge is up; progress of the --open notes before that has no page.
  let bridge: WebBridge | null = null
  const notify: Platform['notify'] = (event, payload) => bridge?.emit(event, payload)
  const handlers = createHandlers(services, createWebPlatform(exportDir, notify))
  if (options.open.length > 0) {
    const opened = await handlers['documents.open']({ paths: options.open.map((p) => resolve(p)) })
    for (const failure of opened.failed)
      process.stderr.write(`[${failure.error.code}] ${failure.error.message}\n`)
  }
  const started = await startWebBridge({ webRoot, handlers, port: options.port })
  bridge = started
  process.stderr.write(`exports go to ${exportDir}\n`)
  process.stdout.write(`listening ${started.url}\n`)

  let isClosing = false
  const close = async (): Promise<void> => {
    if (isClosing) return
    isClosing = true
    await started.close()
    await services.close()
    await rm(scratch, { recursive: true, force: true })
    process.stderr.write('closed\n')
    process.exit(0)
  }
  // `on`, not `once`: Ctrl-C reaches both tsx and us, and tsx relays it again; a second signal
  // without a listener would kill the process halfway through closing the databases.
  process.on('SIGINT', () => void close())
  process.on('SIGTERM', () => void close())
}

main().catch((error: unknown) => {
  if (!(error instanceof CoderError)) console.error(error)
  const data = toErrorData(error, 'web')
  process.stderr.write(`[${data.code}] ${data.message}\n`)
  process.exit(error instanceof CoderError ? 2 : 1)
})
