// Default locations for the CLI: the user's data folder and the repository's shipped resources.
import { mkdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface GlobalOptions {
  db?: string
  terminologyDb?: string
  resources?: string
  threads?: string
}

export interface CliPaths {
  readonly projectDb: string
  readonly terminologyDb: string
  readonly resourcesDir: string
}

/** The folder holding the CLI's databases: $CLINICAL_CODER_HOME, else ~/.clinical-coder. */
export function dataHome(): string {
  return process.env.CLINICAL_CODER_HOME ?? join(homedir(), '.clinical-coder')
}

/** Resolves the global options to absolute paths, creating the folders the databases go in. */
export function resolvePaths(options: GlobalOptions): CliPaths {
  const home = dataHome()
  const paths = {
    projectDb: resolve(options.db ?? join(home, 'project.sqlite')),
    terminologyDb: resolve(options.terminologyDb ?? join(home, 'terminology.sqlite')),
    resourcesDir: resolve(
      options.resources ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'resources'),
    ),
  }
  mkdirSync(dirname(paths.projectDb), { recursive: true })
  mkdirSync(dirname(paths.terminologyDb), { recursive: true })
  return paths
}
