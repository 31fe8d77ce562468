// `code`: codes notes headless and prints CLI.md's JSON (or CSV), over the same engine as the app.
import type { Command } from 'commander'
import { stringify } from 'csv-stringify/sync'
import type { CodedDocument } from '../shared/domain'
import { CoderError } from '../shared/errors'
import { createEngine, parseSystems } from '../main/services'
import { openStore } from '../main/store'
import { emit, progress, table } from './output'
import type { GlobalOptions } from './paths'
import { resolvePaths } from './paths'
import { positiveInt } from './output'
import { reportFailures } from './failures'

interface CodeCommandOptions {
  mode: string
  systems?: string
  format?: string
  json?: boolean
  out?: string
}

export function registerCodeCommand(program: Command): void {
  program
    .command('code')
    .description('code note files or folders (.txt, .md) to ICD-10-CM / ICD-10-PCS suggestions')
    .argument('<paths...>', 'note files or folders')
    .option(
      '--mode <mode>',
      'fast (BiLSTM-CRF NER, FCNN relations) or accurate (transformer NER; transformer and FCNN relations averaged)',
      'fast',
    )
    .option('--systems <list>', 'code systems, e.g. icd10cm,icd10pcs (default: all)')
    .option('--format <format>', 'json|csv (default: a readable table)')
    .option('--json', 'same as --format json')
    .option('--out <file>', 'write the output to a file instead of stdout')
    .action(async (paths: string[], options: CodeCommandOptions, command: Command) => {
      const format = options.json ? 'json' : (options.format ?? 'table')
      checkOptions(options.mode, format)
      const systems = parseSystems(options.systems)
      const global = command.optsWithGlobals<GlobalOptions>()
      const locations = resolvePaths(global)
      // With --db the coded notes are also saved for review in the app; without it, code is stateless.
      const store = global.db ? openStore(locations.projectDb) : null
      const engine = createEngine({
        ...locations,
        threads: positiveInt(global.threads, '--threads'),
      })
      try {
        const { coded, failed } = await engine.codePaths(paths, {
          systems,
          mode: options.mode === 'accurate' ? 'accurate' : 'fast',
          onProgress: (path, done, total) => progress(`coded ${done}/${total} ${path}`),
        })
        for (const note of coded) {
          store?.saveCoded(note.document, {
            mode: note.mode,
            models: note.models,
            sha256: note.sha256,
          })
        }
        emit(
          render(
            coded.map((note) => note.document),
            format,
          ),
          options.out,
        )
        reportFailures(failed)
      } finally {
        await engine.close()
        store?.close()
      }
    })
}

function checkOptions(mode: string, format: string): void {
  if (mode !== 'fast' && mode !== 'accurate') {
    throw new CoderError('E_OPTION', { reason: `--mode must be fast or accurate, got "${mode}"` })
  }
  if (!['json', 'csv', 'table'].includes(format)) {
    throw new CoderError('E_OPTION', { reason: `--format must be json or csv, got "${format}"` })
  }
}

function render(documents: readonly CodedDocument[], format: string): string {
  if (format === 'json') return JSON.stringify({ documents }, null, 2)
  const rows = documents.flatMap((doc) =>
    doc.suggestions.map((s) => {
      const chunk = doc.chunks.find((c) => c.id === s.chunk)
      return [
        doc.id,
        s.chunk,
        chunk?.start ?? '',
        chunk?.end ?? '',
        s.chunkText,
        chunk?.label ?? '',
        s.assertion,
        s.basis,
        s.system,
        s.code,
        s.description,
        s.billable ? 'yes' : 'no',
        s.score.toFixed(3),
        s.rank,
      ]
    }),
  )
  const header = [
    'document',
    'chunk',
    'start',
    'end',
    'chunk_text',
    'label',
    'assertion',
    'basis',
    'system',
    'code',
    'description',
    'billable',
    'score',
    'rank',
  ]
  if (format === 'csv') return stringify([header, ...rows])
  const top = rows.filter((row) => row[13] === 1)
  return table([
    header.filter((_, i) => ![1, 2, 3, 13].includes(i)),
    ...top.map((row) => row.filter((_, i) => ![1, 2, 3, 13].includes(i))),
  ])
}
