// The compact shipped code sets (resources/terminology): TSV.gz per system plus manifest.json (terminology layer).
// A fresh clone builds its index from these files, with no access to the official release files.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { z } from 'zod'
import { checkRows, malformed, type ParsedRelease, type ReleaseRow } from './orderFile'
import { requireSystem, undottedCode, writtenCode } from './systems'

export const MANIFEST_FILE = 'manifest.json'

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
})
const manifestSchema = z.object({ format: z.literal(1), systems: z.array(manifestEntry) })

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

/** Writes one TSV.gz per release and the manifest; returns the manifest written. */
export function writeResources(dir: string, releases: readonly ParsedRelease[]): Manifest {
  const systems = releases.map((release) => {
    const file = `${release.system.toLowerCase().replace(/[^a-z0-9]/g, '')}-${release.version}.tsv.gz`
    const bytes = gzipSync(Buffer.from(toTsv(release), 'utf8'), { level: 9 })
    writeFileSync(join(dir, file), bytes)
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
    }
  })
  const manifest: Manifest = { format: 1, systems }
  writeFileSync(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`)
  return manifest
}

/** Reads one shipped code set back as a checked release, refusing a file the manifest does not match. */
export function readResourceRelease(dir: string, entry: ManifestEntry): ParsedRelease {
  const path = join(dir, entry.file)
  const bytes = readFileSync(path)
  if (sha256Of(bytes) !== entry.fileSha256) {
    throw malformed(
      path,
      0,
      `its SHA-256 differs from ${MANIFEST_FILE}; restore resources/terminology`,
    )
  }
  const system = requireSystem(entry.system)
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

// One line a code: written code, billable 0/1, short title (empty when equal to the long one), long title.
function toTsv(release: ParsedRelease): string {
  return release.rows
    .map((row) => {
      const short = row.short === row.long ? '' : row.short
      return [writtenCode(release.system, row.code), row.billable ? 1 : 0, short, row.long].join(
        '\t',
      )
    })
    .join('\n')
    .concat('\n')
}

function fromTsvLine(path: string, line: string, lineNumber: number): ReleaseRow {
  const fields = line.split('\t')
  const [code, flag, short, long] = fields
  if (fields.length !== 4 || code === undefined || short === undefined || !long) {
    throw malformed(
      path,
      lineNumber,
      'a line must have 4 tab-separated fields: code, billable, short, long',
    )
  }
  if (flag !== '0' && flag !== '1')
    throw malformed(path, lineNumber, `billable "${flag}" is not 0 or 1`)
  return { code: undottedCode(code), billable: flag === '1', short: short || long, long }
}

function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex')
}
