// `terminology import|list|search`: manage and query the local code-set indices (CLI over the terminology service).
import type { Command } from 'commander'
import { CoderError } from '../shared/errors'
import { findReleaseFiles, type TerminologyService } from '../main/terminology'
import { emit, positiveInt, progress, table } from './output'

interface JsonOption {
  json?: boolean
}

interface SearchCommandOptions extends JsonOption {
  system?: string
  limit?: string
}

/** Adds the `terminology` command group; `open` opens the service on first use. */
export function registerTerminologyCommands(
  program: Command,
  open: () => TerminologyService,
): void {
  const group = program.command('terminology').description('import, list and search code sets')
  const withService = <T>(run: (service: TerminologyService) => T): T => {
    const service = open()
    try {
      return run(service)
    } finally {
      service.close()
    }
  }

  group
    .command('import')
    .description(
      'import an official release file (ICD-10-CM/PCS order file, plain or .gz) or a folder of them',
    )
    .argument('<path>', 'release file or folder')
    .option('--system <name>', 'ICD-10-CM or ICD-10-PCS (default: detected from the codes)')
    .option('--json', 'print JSON')
    .action((path: string, options: JsonOption & { system?: string }) => {
      const reports = withService((service) =>
        findReleaseFiles(path).map((file) => {
          progress(`importing ${file}`)
          return service.importRelease(file, { system: options.system })
        }),
      )
      if (options.json)
        return emit(JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2))
      const header = ['system', 'release', 'version', 'codes', 'billable', 'headers', 'seconds']
      const rows = reports.map((r) => [
        r.system,
        r.release,
        r.version,
        r.codes,
        r.billable,
        r.headers,
        r.seconds,
      ])
      emit(table([header, ...rows]))
    })

  group
    .command('list')
    .description('the systems and releases present')
    .option('--json', 'print JSON')
    .action((options: JsonOption) => {
      const releases = withService((service) => service.list())
      if (options.json) return emit(JSON.stringify(releases, null, 2))
      const header = [
        'system',
        'release',
        'version',
        'codes',
        'billable',
        'headers',
        'source',
        'imported',
      ]
      const rows = releases.map((r) => [
        r.system,
        r.release,
        r.version,
        r.codes,
        r.billable,
        r.headers,
        r.source,
        r.importedAt,
      ])
      emit(table([header, ...rows]))
    })

  group
    .command('search')
    .description('ranked code candidates for a text or a code')
    .argument('<text>', 'words (e.g. "pain in left knee") or a code (M25.56)')
    .option('--system <name>', 'ICD-10-CM or ICD-10-PCS (default: all)')
    .option('--limit <n>', 'how many candidates, 1 to 100', '10')
    .option('--json', 'print a JSON list of candidates')
    .action((text: string, options: SearchCommandOptions) => {
      const limit = positiveInt(options.limit, '--limit') ?? 10
      if (limit > 100)
        throw new CoderError('E_OPTION', { reason: `--limit must be at most 100, got ${limit}` })
      const candidates = withService((service) =>
        service.search(text, { system: options.system, limit }),
      )
      if (options.json) return emit(JSON.stringify(candidates, null, 2))
      const rows = candidates.map((c, index) => [
        index + 1,
        c.system,
        c.code,
        c.billable ? 'yes' : 'no',
        c.score.toFixed(3),
        c.description,
      ])
      emit(table([['rank', 'system', 'code', 'billable', 'score', 'description'], ...rows]))
    })
}
