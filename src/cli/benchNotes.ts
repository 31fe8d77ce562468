// Bench input: a folder of notes, or the 207 ACI-BENCH notes extracted from the shared CSVs at bench time.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parse } from 'csv-parse/sync'
import { CoderError } from '../shared/errors'

const ACI_FILES = [
  'train.csv',
  'valid.csv',
  'clinicalnlp_taskB_test1.csv',
  'clinicalnlp_taskC_test2.csv',
  'clef_taskC_test3.csv',
]

/** The shared data root: $CODER_SHARED, else ../shared beside the repository. */
export function sharedRoot(): string {
  return resolve(process.env.CODER_SHARED ?? '../shared')
}

/** Writes each ACI-BENCH note to a temp folder (never into the repo) and returns the files. */
export function extractAciBenchNotes(shared = sharedRoot()): string[] {
  const dir = join(shared, 'datasets', 'aci_bench', 'challenge_data')
  if (!existsSync(dir)) {
    throw new CoderError('E_FILE_NOT_FOUND', { path: dir })
  }
  const out = mkdtempSync(join(tmpdir(), 'coder-bench-'))
  const files: string[] = []
  for (const name of ACI_FILES) {
    const rows = parse(readFileSync(join(dir, name)), { columns: true }) as Record<string, string>[]
    rows.forEach((row, index) => {
      const file = join(out, `${name.replace('.csv', '')}-${row.encounter_id ?? index}.txt`)
      writeFileSync(file, row.note ?? '')
      files.push(file)
    })
  }
  return files
}

/** Note files of a folder, sorted, for `bench --notes DIR`. */
export function notesInFolder(dir: string): string[] {
  if (!existsSync(dir)) throw new CoderError('E_FILE_NOT_FOUND', { path: dir })
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.(txt|md)$/i.test(name))
    .sort()
    .map((name) => join(dir, name))
  if (files.length === 0) throw new CoderError('E_FOLDER_EMPTY', { path: dir, types: '.txt, .md' })
  return files
}
