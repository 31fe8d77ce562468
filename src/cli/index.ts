// CLI entry: global options, the commands of CLI.md, and one error policy ([CODE] message, exit 2).
import { Command, CommanderError } from 'commander'
import { CoderError } from '../shared/errors'
import { openTerminology } from '../main/terminology'
import { join } from 'node:path'
import { registerBenchCommand } from './bench'
import { registerCodeCommand } from './code'
import { registerEvalCommands } from './eval'
import type { GlobalOptions } from './paths'
import { resolvePaths } from './paths'
import { registerTerminologyCommands } from './terminology'
import { registerTrainCommands } from './trainRe'

function buildProgram(): Command {
  const program = new Command()
    .name('clinical-coder')
    .description('Clinical Coder, headless: the services of the desktop app on the command line')
    .option('--db <path>', 'project database (default: ~/.clinical-coder/project.sqlite)')
    .option(
      '--terminology-db <path>',
      'terminology index (default: ~/.clinical-coder/terminology.sqlite)',
    )
    .option(
      '--resources <dir>',
      'models and shipped code sets (default: the repository resources/)',
    )
    .option('--threads <n>', 'worker threads for coding (default: one per core, at most 4)')
    .exitOverride()
  registerCodeCommand(program)
  registerTerminologyCommands(program, () => {
    const paths = resolvePaths(program.opts<GlobalOptions>())
    return openTerminology({
      dbPath: paths.terminologyDb,
      resourcesDir: join(paths.resourcesDir, 'terminology'),
    })
  })
  registerBenchCommand(program)
  registerEvalCommands(program)
  registerTrainCommands(program)
  return program
}

async function main(argv: readonly string[]): Promise<void> {
  try {
    await buildProgram().parseAsync([...argv])
  } catch (error) {
    process.exitCode = exitCodeFor(error)
  }
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version exit 0; commander already printed its own usage message.
    return error.exitCode === 0 ? 0 : 2
  }
  if (error instanceof CoderError) {
    process.stderr.write(`[${error.code}] ${error.message}\n`)
    return 2
  }
  const reason = error instanceof Error ? (error.stack ?? error.message) : String(error)
  process.stderr.write(`[E_INTERNAL] ${reason}\n`)
  return 1
}

await main(process.argv)
