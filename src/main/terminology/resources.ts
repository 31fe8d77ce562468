// The compact shipped code sets (resources/terminology): TSV.gz per system plus manifest.json (terminology layer).
// A fresh clone builds its index from these files, with no access to the official release files.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { z } from 'zod'
import type { ReleaseExtras } from './importer'
import type { IndexTerm } from './indexFiles'
import { checkRows, malformed, type ParsedRelease, type ReleaseRow } from './orderFile'
import { HPO_ATTRIBUTION } from './hpoFile'
import { HPO, requireSystem, undottedCode, writtenCode } from './systems'
import { parseWordVectors, type WordVectors } from './wordVectors'
import { GUIDANCE_FAMILIES, type GuidanceFamily, type GuidanceNote } from './tabularNotes'

export const MANIFEST_FILE = 'manifest.json'

// A gzip TSV of index terms (code, kind, text) or guidance notes (code, family, text) of one system.
const extraFile = z.object({
  file: z.string().regex(/^[\w.-]+$/),
  fileSha256: z.string().regex(/^[0-9a-f]{64}$/),
  fileBytes: z.number().int().nonnegative(),
  rows: z.number().int().nonnegative(),
  /** The official file names it was derived from. */
  sources: z.array(z.string()),
})
const indexUpdate = z.object({
  kept: z.number().int().nonnegative(),
  expanded: z.number().int().nonnegative(),
  unmapped: z.number().int().nonnegative(),
})

const manifestEntry = z.object({
  system: z.string(),
  release: z.string(),
  version: z.string(),
  source: z.string(),
  sourceSha256: z.string().regex(/^[0-9a-f]{64}$/),
  rows: z.number().int().nonnegative(),
  codes: z.number().int().nonnegative(),
  billable: z.number().int().nonnegative(),
  headers: z.number().int().nonnegative(),
  file: z.string().regex(/^[\w.-]+$/),
  fileSha256: z.string().regex(/^[0-9a-f]{64}$/),
  fileBytes: z.number().int().nonnegative(),
  indexTerms: extraFile.optional(),
  guidance: extraFile.optional(),
  /** How the FY2025 Alphabetic Index codes were brought to this release (addenda). */
  indexUpdate: indexUpdate.optional(),
  /** The acknowledgement a release's licence asks for (HPO). */
  attribution: z.string().optional(),
})
// The word vectors the vector index embeds code titles with (wordVectors.ts), and how they were made.
const wordVectorsEntry = z.object({
  file: z.string().regex(/^[\w.-]+$/),
  fileSha256: z.string().regex(/^[0-9a-f]{64}$/),
  fileBytes: z.number().int().nonnegative(),
  words: z.number().int().nonnegative(),
  dim: z.number().int().positive(),
  model: z.string(),
  modelSha256: z.string(),
  madeBy: z.string(),
})
const manifestSchema = z.object({
  format: z.literal(1),
  systems: z.array(manifestEntry),
  wordVectors: wordVectorsEntry.optional(),
})

export type WordVectorsEntry = z.infer<typeof wordVectorsEntry>

export type ManifestEntry = z.infer<typeof manifestEntry>
export type Manifest = z.infer<typeof manifestSchema>

/** The manifest of a resources folder and the SHA-256 of its bytes, or null when there is none. */
export function readManifest(dir: string): { manifest: Manifest; sha256: string } | null {
  const path = join(dir, MANIFEST_FILE)
  if (!existsSync(path)) return null
  const bytes = readFileSync(path)
  let parsed: unknown
  try {
    parsed = JSON.parse(bytes.toString('utf8'))
  } catch {
    throw malformed(path, 1, 'it is not JSON')
  }
  const result = manifestSchema.safeParse(parsed)
  if (!result.success) throw malformed(path, 1, result.error.issues[0]?.message ?? 'bad manifest')
  return { manifest: result.data, sha256: sha256Of(bytes) }
}

/** Records a word-vectors file written into `dir` in its manifest; returns the entry. */
export function recordWordVectors(dir: string, file: string): WordVectorsEntry {
  const found = readManifest(dir)
  if (found === null) throw malformed(join(dir, MANIFEST_FILE), 0, 'it is missing')
  const bytes = readFileSync(join(dir, file))
  const { header } = parseWordVectors(join(dir, file), bytes)
  const entry: WordVectorsEntry = {
    file,
    fileSha256: sha256Of(bytes),
    fileBytes: bytes.length,
    words: header.words,
    dim: header.dim,
    model: header.model,
    modelSha256: header.modelSha256,
    madeBy: header.madeBy,
  }
  const manifest: Manifest = { ...found.manifest, wordVectors: entry }
  writeFileSync(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`)
  return entry
}

/** The shipped word vectors, checked against the manifest, or null when none are shipped. */
export function readResourceWordVectors(dir: string): WordVectors | null {
  const entry = readManifest(dir)?.manifest.wordVectors
  if (entry === undefined) return null
  const path = join(dir, entry.file)
  const bytes = readCheckedFile(path, entry.fileSha256)
  return parseWordVectors(path, bytes)
}

/** Index content shipped beside a release: terms, guidance, and where they came from. */
export interface ResourceExtras {
  readonly terms: readonly IndexTerm[]
  readonly notes: readonly GuidanceNote[]
  readonly sources: readonly string[]
  readonly indexUpdate: z.infer<typeof indexUpdate> | null
}

/**
 * Writes one TSV.gz per release (plus its index terms and guidance, when given) and the manifest;
 * the manifest's word-vectors entry, if any, is kept.
 */
export function writeResources(
  dir: string,
  releases: readonly ParsedRelease[],
  extras: ReadonlyMap<string, ResourceExtras> = new Map(),
): Manifest {
  const systems = releases.map((release) => {
    const stem = `${release.system.toLowerCase().replace(/[^a-z0-9]/g, '')}-${release.version}`
    const file = `${stem}.tsv.gz`
    const bytes = gzipSync(Buffer.from(toTsv(release), 'utf8'), { level: 9 })
    writeFileSync(join(dir, file), bytes)
    const extra = extras.get(release.system)
    const billable = release.rows.filter((row) => row.billable).length
    return {
      system: release.system,
      release: release.release,
      version: release.version,
      source: release.source,
      sourceSha256: release.sha256,
      rows: release.rows.length,
      codes: billable,
      billable,
      headers: release.rows.length - billable,
      file,
      fileSha256: sha256Of(bytes),
      fileBytes: bytes.length,
      ...(extra === undefined ? {} : writeExtras(dir, stem, extra)),
      ...(release.system === HPO ? { attribution: HPO_ATTRIBUTION(release.version) } : {}),
    }
  })
  const wordVectors = readManifest(dir)?.manifest.wordVectors
  const manifest: Manifest = {
    format: 1,
    systems,
    ...(wordVectors === undefined ? {} : { wordVectors }),
  }
  writeFileSync(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`)
  return manifest
}

/** Reads one shipped code set back as a checked release, refusing a file the manifest does not match. */
export function readResourceRelease(dir: string, entry: ManifestEntry): ParsedRelease {
  const path = join(dir, entry.file)
  const bytes = readCheckedFile(path, entry.fileSha256)
  const system = entry.system === HPO ? HPO : requireSystem(entry.system)
  const text = gunzipSync(bytes).toString('utf8')
  const rows = text
    .split('\n')
    .filter((line) => line !== '')
    .map((line, index) => fromTsvLine(path, line, index + 1))
  checkRows(path, rows, system)
  if (rows.length !== entry.rows) {
    throw malformed(
      path,
      rows.length,
      `it has ${rows.length} rows where the manifest says ${entry.rows}`,
    )
  }
  return { ...entry, system, sha256: entry.sourceSha256, rows }
}

/** Every release of a resources folder with its index terms and guidance (for tools such as the benches). */
export function readResources(
  dir: string,
): { release: ParsedRelease; extras: ReleaseExtras; entry: ManifestEntry }[] {
  const found = readManifest(dir)
  if (found === null) throw malformed(join(dir, MANIFEST_FILE), 0, 'it is missing')
  return found.manifest.systems.map((entry) => ({
    release: readResourceRelease(dir, entry),
    extras: readResourceExtras(dir, entry),
    entry,
  }))
}

/** The index terms and guidance shipped with a release (empty when it has none), checked against the manifest. */
export function readResourceExtras(dir: string, entry: ManifestEntry): ReleaseExtras {
  const terms = entry.indexTerms === undefined ? [] : readExtra(dir, entry.indexTerms, toIndexTerm)
  const notes = entry.guidance === undefined ? [] : readExtra(dir, entry.guidance, toGuidanceNote)
  return { terms, notes }
}

function writeExtras(dir: string, stem: string, extra: ResourceExtras) {
  const write = (suffix: string, lines: readonly string[]) => {
    const file = `${stem}-${suffix}.tsv.gz`
    const bytes = gzipSync(Buffer.from(lines.map((line) => `${line}\n`).join(''), 'utf8'), {
      level: 9,
    })
    writeFileSync(join(dir, file), bytes)
    const fileSha256 = sha256Of(bytes)
    return {
      file,
      fileSha256,
      fileBytes: bytes.length,
      rows: lines.length,
      sources: [...extra.sources],
    }
  }
  const terms = extra.terms.map((term) => [term.code, term.kind, oneLine(term.text)].join('\t'))
  const notes = extra.notes.map((note) => [note.code, note.family, oneLine(note.text)].join('\t'))
  return {
    indexTerms: write('index', terms),
    guidance: write('guidance', notes),
    ...(extra.indexUpdate === null ? {} : { indexUpdate: extra.indexUpdate }),
  }
}

function readExtra<T>(
  dir: string,
  extra: z.infer<typeof extraFile>,
  parseLine: (path: string, fields: string[], line: number) => T,
): T[] {
  const path = join(dir, extra.file)
  const bytes = readCheckedFile(path, extra.fileSha256)
  const lines = gunzipSync(bytes)
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '')
  if (lines.length !== extra.rows) {
    throw malformed(
      path,
      lines.length,
      `it has ${lines.length} rows where the manifest says ${extra.rows}`,
    )
  }
  return lines.map((line, index) => parseLine(path, line.split('\t'), index + 1))
}

const TERM_KINDS: ReadonlySet<string> = new Set([
  'index',
  'inclusion',
  'drug',
  'neoplasm',
  'external',
  'synonym',
])

function toIndexTerm(path: string, fields: string[], line: number): IndexTerm {
  const [code, kind, text] = fields
  if (fields.length !== 3 || !code || !text || kind === undefined || !TERM_KINDS.has(kind)) {
    throw malformed(path, line, 'a line must have 3 tab-separated fields: code, kind, text')
  }
  return { code, kind: kind as IndexTerm['kind'], text }
}

function toGuidanceNote(path: string, fields: string[], line: number): GuidanceNote {
  const [code, family, text] = fields
  if (
    fields.length !== 3 ||
    !code ||
    !text ||
    !GUIDANCE_FAMILIES.includes(family as GuidanceFamily)
  ) {
    throw malformed(path, line, 'a line must have 3 tab-separated fields: code, family, text')
  }
  return { code, family: family as GuidanceFamily, text }
}

function oneLine(text: string): string {
  return text.replace(/[\t\r\n]+/g, ' ')
}

// One line a code: written code, billable 0/1, short title (empty when equal to the long one), long
// title, and for a polyhierarchy (HPO) a 5th field: the parent codes, comma-separated.
function toTsv(release: ParsedRelease): string {
  return release.rows
    .map((row) => {
      const short = row.short === row.long ? '' : row.short
      const fields = [writtenCode(release.system, row.code), row.billable ? 1 : 0, short, row.long]
      return (row.parents === undefined ? fields : [...fields, row.parents.join(',')]).join('\t')
    })
    .join('\n')
    .concat('\n')
}

function fromTsvLine(path: string, line: string, lineNumber: number): ReleaseRow {
  const fields = line.split('\t')
  const [code, flag, short, long, parents] = fields
  if (
    fields.length < 4 ||
    fields.length > 5 ||
    code === undefined ||
    short === undefined ||
    !long
  ) {
    throw malformed(
      path,
      lineNumber,
      'a line must have 4 or 5 tab-separated fields: code, billable, short, long[, parents]',
    )
  }
  if (flag !== '0' && flag !== '1')
    throw malformed(path, lineNumber, `billable "${flag}" is not 0 or 1`)
  const row = { code: undottedCode(code), billable: flag === '1', short: short || long, long }
  if (parents === undefined) return row
  return { ...row, parents: parents === '' ? [] : parents.split(',').map(undottedCode) }
}

/** A shipped file's bytes, refused when they are not what the manifest recorded. */
function readCheckedFile(path: string, sha256: string): Buffer {
  const bytes = readFileSync(path)
  if (sha256Of(bytes) !== sha256) {
    throw malformed(
      path,
      0,
      `its SHA-256 differs from ${MANIFEST_FILE}; restore resources/terminology`,
    )
  }
  return bytes
}

function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex')
}
