// `terminology import|list|search`: manage and query the local code-set indices (CLI over the terminology service).
import type { Command } from 'commander'
import { CoderError } from '../shared/errors'
import { findReleaseFiles, type ImportReport, type TerminologyService } from '../main/terminology'
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
      'import an official release (ICD-10-CM/PCS order file, plain or .gz, with the ICD-10-CM index ' +
        'files beside it; the HCPCS .xlsx; HPO hp.json[.gz]; a SNOMED CT RF2 Snapshot; RxNorm RRF; ' +
        'LOINC Loinc.csv) or a folder of them, or a custom CSV (code,description[,parent])',
    )
    .argument('<path>', 'release file or folder')
    .option(
      '--system <name>',
      'ICD-10-CM, ICD-10-PCS or HCPCS (default: detected; HPO, SNOMED CT, RxNorm and LOINC files always are); for a custom CSV the name to give it (required)',
    )
    .option('--json', 'print JSON')
    .action(async (path: string, options: JsonOption & { system?: string }) => {
      const service = open()
      const reports: ImportReport[] = []
      try {
        for (const file of findReleaseFiles(path)) {
          progress(`importing ${file}`)
          reports.push(await service.importFile(file, { system: options.system }))
        }
      } finally {
        service.close()
      }
      for (const report of reports) {
        if (report.diff !== undefined) progress(diffLine(report))
      }
      if (options.json)
        return emit(JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2))
      const header = [
        'system',
        'release',
        'version',
        'codes',
        'billable',
        'headers',
        'index_terms',
        'added',
        'deleted',
        'redescribed',
        'seconds',
      ]
      const rows = reports.map((r) => [
        r.system,
        r.release,
        r.version,
        r.codes,
        r.billable,
        r.headers,
        r.indexTerms,
        r.diff?.added.length ?? '',
        r.diff?.deleted.length ?? '',
        r.diff?.redescribed.length ?? '',
        r.seconds,
      ])
      const listings = reports.flatMap((report) => diffListing(report, LISTED_PER_KIND))
      emit([table([header, ...rows]), ...listings].join('\n\n'))
    })

  group
    .command('list')
    .description('the systems and releases present (earlier releases kept are marked not current)')
    .option('--json', 'print JSON')
    .action((options: JsonOption) => {
      const releases = withService((service) => service.list())
      if (options.json) return emit(JSON.stringify(releases, null, 2))
      const header = [
        'system',
        'release',
        'current',
        'version',
        'codes',
        'billable',
        'headers',
        'index_terms',
        'source',
        'imported',
      ]
      const rows = releases.map((r) => [
        r.system,
        r.release,
        r.isCurrent ? 'yes' : 'no',
        r.version,
        r.codes,
        r.billable,
        r.headers,
        r.indexTerms,
        r.source,
        r.importedAt,
      ])
      emit(table([header, ...rows]))
    })

  group
    .command('drop')
    .description('delete an earlier release of a system kept after a newer one was imported')
    .argument('<system>', 'system name (ICD-10-CM, HCPCS, a custom name)')
    .argument('<release>', 'the release to drop, as `terminology list` shows it')
    .option('--json', 'print JSON')
    .action((system: string, release: string, options: JsonOption) => {
      withService((service) => service.drop(system, release))
      if (options.json) return emit(JSON.stringify({ dropped: { system, release } }, null, 2))
      emit(`dropped ${system} ${release}`)
    })

  group
    .command('search')
    .description('ranked code candidates for a text or a code')
    .argument('<text>', 'words (e.g. "pain in left knee") or a code (M25.56)')
    .option(
      '--system <name>',
      'ICD-10-CM, ICD-10-PCS, HCPCS, HPO, SNOMED CT, RxNorm, LOINC or a custom name (default: all)',
    )
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

// The text output lists this many codes of each kind of change; --json lists them all.
const LISTED_PER_KIND = 20

const CHANGE_MARKS = { added: '+', deleted: '-', redescribed: '~' } as const

/**
 * The codes a release added (+), deleted (-) and re-described (~), with their descriptions (old →
 * new for a re-described one), a few of each kind; none when the system was new or nothing changed.
 */
function diffListing(report: ImportReport, perKind: number): string[] {
  const diff = report.diff
  if (diff === undefined) return []
  const kinds = ['added', 'deleted', 'redescribed'] as const
  const lines = kinds.flatMap((kind) => {
    const entries = diff.details[kind]
    const shown = entries.slice(0, perKind).map((entry) => {
      const text =
        kind === 'redescribed'
          ? `${entry.before ?? ''} → ${entry.after ?? ''}`
          : (entry.after ?? entry.before ?? '')
      return `  ${CHANGE_MARKS[kind]} ${entry.code}  ${text}`
    })
    const more = entries.length - shown.length
    return more > 0 ? [...shown, `  … ${more} more ${kind} (--json lists all)`] : shown
  })
  if (lines.length === 0) return []
  return [[`${report.system} ${diff.previousRelease} → ${report.release}:`, ...lines].join('\n')]
}

function diffLine(report: ImportReport): string {
  const diff = report.diff
  if (diff === undefined) return ''
  const kept = report.keptReleases?.length
    ? `; kept ${report.keptReleases.join(', ')} (drop with \`terminology drop ${report.system} RELEASE\`)`
    : ''
  return (
    `${report.system} ${diff.previousRelease} → ${report.release}: ${diff.added.length} added, ` +
    `${diff.deleted.length} deleted, ${diff.redescribed.length} re-described${kept}`
  )
}
