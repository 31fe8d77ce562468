// Test helper: the licensed-format fixtures, and copies of them with one line changed (for bad-file tests).
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const ROOT = resolve('test/fixtures/terminology')
export const SNOMED_DIR = join(
  ROOT,
  'snomed/SnomedCT_InternationalRF2_PRODUCTION_20250101T120000Z/Snapshot/Terminology',
)
export const SNOMED_CONCEPTS = join(SNOMED_DIR, 'sct2_Concept_Snapshot_INT_20250101.txt')
export const RXNORM_DIR = join(ROOT, 'rxnorm/RxNorm_full_03032025/rrf')
export const RXNCONSO = join(RXNORM_DIR, 'RXNCONSO.RRF')
export const LOINC_CSV = join(ROOT, 'loinc/Loinc_2.80/LoincTable/Loinc.csv')

const made: string[] = []

/** A temporary copy of `folder` (under `name`); returns the copy's path. */
export function copyFolder(folder: string, name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'licensed-'))
  made.push(dir)
  const copy = join(dir, name)
  cpSync(folder, copy, { recursive: true })
  return copy
}

/** Replaces line `line` (1-based) of `path` with `text`, keeping the file's line ends. */
export function replaceLine(path: string, line: number, text: string): void {
  const content = readFileSync(path, 'utf8')
  const end = content.includes('\r\n') ? '\r\n' : '\n'
  const lines = content.split(end)
  lines[line - 1] = text
  writeFileSync(path, lines.join(end))
}

/** The text of line `line` (1-based) of `path`. */
export function lineOf(path: string, line: number): string {
  return readFileSync(path, 'utf8').split(/\r?\n/)[line - 1] ?? ''
}

export function renameIn(folder: string, from: string, to: string): void {
  renameSync(join(folder, from), join(folder, to))
}

/** Deletes every copy made. */
export function removeCopies(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
}
