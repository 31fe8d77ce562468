// BRAT standoff reader (MACCROBAT2020): a report's text and its entity (T) lines (evaluation layer).
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CoderError } from '../../shared/errors'

/** One T line: its type and first fragment, in code points of the .txt file, end exclusive. */
export interface BratEntity {
  readonly start: number
  readonly end: number
  readonly type: string
}

/** A .txt/.ann pair found in a folder; `id` is the shared file stem (the PMID for MACCROBAT). */
export interface BratDocument {
  readonly id: string
  readonly text: string
  readonly entities: readonly BratEntity[]
}

/**
 * The entities of an .ann file: T lines only, the first fragment of a discontinuous span
 * ("T3\tSeverity 10 14;20 25\t…" → 10–14), as training reads them. Throws E_DATASET_MALFORMED
 * on a T line without two integer offsets.
 */
export function parseBratEntities(ann: string, path = 'the .ann file'): BratEntity[] {
  const entities: BratEntity[] = []
  ann.split(/\r?\n/).forEach((line, i) => {
    if (!line.startsWith('T')) return
    const fields = line.split('\t')
    if (fields.length < 2) return
    const [type = '', offsets = ''] = splitOnce(fields[1] ?? '', ' ')
    const [start, end] = (offsets.split(';')[0] ?? '').trim().split(/\s+/).map(Number)
    if (!Number.isInteger(start) || !Number.isInteger(end)) {
      throw new CoderError('E_DATASET_MALFORMED', {
        path,
        where: `line ${i + 1}`,
        reason: 'a T line needs "TYPE START END" offsets',
      })
    }
    entities.push({ start: start as number, end: end as number, type })
  })
  return entities
}

/** The ids (file stems) of every .ann file in `dir` that has its .txt beside it, sorted. */
export function listBratIds(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((name) => name.endsWith('.ann') && existsSync(join(dir, `${name.slice(0, -4)}.txt`)))
    .map((name) => name.slice(0, -4))
    .sort()
}

/** Reads one .txt/.ann pair; the text is UTF-8 with CRLF read as LF, as Python reads it. */
export function readBratDocument(dir: string, id: string): BratDocument {
  const annPath = join(dir, `${id}.ann`)
  const text = readFileSync(join(dir, `${id}.txt`), 'utf8').replace(/\r\n?/g, '\n')
  return { id, text, entities: parseBratEntities(readFileSync(annPath, 'utf8'), annPath) }
}

function splitOnce(value: string, separator: string): [string, string] {
  const at = value.indexOf(separator)
  return at < 0 ? [value, ''] : [value.slice(0, at), value.slice(at + 1)]
}
