// The user's relation training rows in the paper's appendix-B CSV layout, checked row by row
// before any training starts, so every bad row is reported at once (evaluation layer).
import { existsSync, readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { CoderError } from '../../shared/errors'
import { pairSpecSchema, type PairRule } from '../pipeline'

export const RE_CSV_COLUMNS = [
  'sentence',
  'chunk1',
  'begin1',
  'end1',
  'type1',
  'chunk2',
  'begin2',
  'end2',
  'type2',
  'label',
] as const

/** exclusive: `sentence[begin:end] === chunk`; inclusive: end is the chunk's last character. */
export type EndConvention = 'exclusive' | 'inclusive'

/** The part of a model's labels.json the rows are checked against. */
export interface ReCsvSpec {
  readonly types: readonly string[]
  readonly pairs: readonly PairRule[]
}

export interface ReCsvProblem {
  /** 1-based line of the file where the row starts (the header is line 1). */
  readonly line: number
  readonly reason: string
}

export interface ReCsvCheck {
  readonly rows: number
  readonly convention: EndConvention
  /** Relation labels found, "O" (no relation) included when present; sorted. */
  readonly labels: readonly string[]
  readonly problems: readonly ReCsvProblem[]
}

interface Entity {
  readonly chunk: string
  readonly begin: string
  readonly end: string
  readonly type: string
}

/** Reads the types and pair whitelist from a labels.json; E_DATASET_MALFORMED when it has none. */
export function readReCsvSpec(path: string): ReCsvSpec {
  if (!existsSync(path)) throw new CoderError('E_FILE_NOT_FOUND', { path })
  let json: unknown
  try {
    json = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new CoderError('E_DATASET_MALFORMED', { path, where: 'its JSON', reason })
  }
  const parsed = pairSpecSchema.safeParse(json)
  if (!parsed.success) {
    const reason = 'it needs "types" and "pairs" as in resources/models/re-clinical/labels.json'
    throw new CoderError('E_DATASET_MALFORMED', { path, where: 'the top level', reason })
  }
  return parsed.data
}

/** Checks every row of an appendix-B CSV (header row first); never throws for a bad row. */
export function checkReCsv(path: string, text: string, spec: ReCsvSpec): ReCsvCheck {
  const records = parseRows(path, text)
  const body = records.slice(1)
  const convention = detectConvention(body.map((r) => r.fields))
  const problems: ReCsvProblem[] = []
  if (records.length === 0 || records[0]?.fields[0]?.replace(/^\uFEFF/, '') !== 'sentence') {
    problems.push({ line: 1, reason: `expected the header row ${RE_CSV_COLUMNS.join(',')}` })
  }
  if (body.length === 0) problems.push({ line: 1, reason: 'no rows after the header' })
  const labels = new Set<string>()
  for (const { line, fields } of body) {
    const reasons = rowProblems(fields, convention, spec)
    for (const reason of reasons) problems.push({ line, reason })
    if (reasons.length === 0) labels.add(at(fields, 9))
  }
  if (problems.length === 0 && [...labels].filter((l) => l !== 'O').length === 0) {
    problems.push({ line: 1, reason: 'every row is labelled O: add rows with a relation label' })
  }
  return { rows: body.length, convention, labels: [...labels].sort(), problems }
}

function parseRows(path: string, text: string): { line: number; fields: string[] }[] {
  try {
    const rows = parse(text, {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as { record: string[]; info: { lines: number } }[]
    // info.lines is the line where the record ends; a quoted multi-line sentence starts earlier.
    return rows.map((r) => ({ line: r.info.lines - newlines(r.record), fields: r.record }))
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new CoderError('E_DATASET_MALFORMED', { path, where: 'its CSV quoting', reason })
  }
}

function newlines(fields: readonly string[]): number {
  return fields.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0)
}

/** The convention most rows satisfy; exclusive (convert.py's) when tied. */
function detectConvention(rows: readonly string[][]): EndConvention {
  let exclusive = 0
  let inclusive = 0
  for (const fields of rows) {
    if (fields.length !== RE_CSV_COLUMNS.length) continue
    const sentence = Array.from(at(fields, 0))
    for (const entity of entitiesOf(fields)) {
      if (sliceMatches(sentence, entity, 'exclusive')) exclusive++
      if (sliceMatches(sentence, entity, 'inclusive')) inclusive++
    }
  }
  return inclusive > exclusive ? 'inclusive' : 'exclusive'
}

function at(fields: readonly string[], k: number): string {
  return fields[k] ?? ''
}

function entitiesOf(fields: readonly string[]): Entity[] {
  return [
    { chunk: at(fields, 1), begin: at(fields, 2), end: at(fields, 3), type: at(fields, 4) },
    { chunk: at(fields, 5), begin: at(fields, 6), end: at(fields, 7), type: at(fields, 8) },
  ]
}

function rowProblems(fields: string[], convention: EndConvention, spec: ReCsvSpec): string[] {
  if (fields.length !== RE_CSV_COLUMNS.length) {
    return [
      `${fields.length} columns, expected ${RE_CSV_COLUMNS.length} (${RE_CSV_COLUMNS.join(',')})`,
    ]
  }
  const sentence = Array.from(at(fields, 0))
  const reasons: string[] = []
  entitiesOf(fields).forEach((entity, k) => {
    const reason = entityProblem(sentence, entity, convention, spec)
    if (reason) reasons.push(`entity ${k + 1}: ${reason}`)
  })
  const [type1, type2] = [at(fields, 4), at(fields, 8)]
  if (reasons.length === 0 && !whitelisted(spec, type1, type2)) {
    reasons.push(`the pair ${type1}–${type2} is not in the spec's whitelist`)
  }
  if (at(fields, 9).trim() === '') reasons.push('empty label (use O for "no relation")')
  return reasons
}

function entityProblem(
  sentence: readonly string[],
  entity: Entity,
  convention: EndConvention,
  spec: ReCsvSpec,
): string | null {
  if (!spec.types.includes(entity.type)) {
    return `type "${entity.type}" is not one of the spec's types (${spec.types.join(', ')})`
  }
  if (!/^\d+$/.test(entity.begin) || !/^\d+$/.test(entity.end)) {
    return `offsets "${entity.begin}", "${entity.end}" are not whole numbers`
  }
  const [begin, end] = span(entity, convention)
  if (begin >= end || end > sentence.length) {
    return `offsets ${entity.begin}-${entity.end} are outside the sentence (${sentence.length} characters, end ${convention})`
  }
  if (!sliceMatches(sentence, entity, convention)) {
    const found = sentence.slice(begin, end).join('')
    return `sentence[${entity.begin}:${entity.end}] is "${found}", not the chunk "${entity.chunk}" (end ${convention})`
  }
  return null
}

function span(entity: Entity, convention: EndConvention): [number, number] {
  return [Number(entity.begin), Number(entity.end) + (convention === 'inclusive' ? 1 : 0)]
}

// Offsets count code points, as Python's str indexing (convert.py) does.
function sliceMatches(sentence: readonly string[], entity: Entity, convention: EndConvention) {
  const [begin, end] = span(entity, convention)
  return entity.chunk !== '' && sentence.slice(begin, end).join('') === entity.chunk
}

function whitelisted(spec: ReCsvSpec, first: string, second: string): boolean {
  return spec.pairs.some(
    (rule) =>
      (rule.head.includes(first) && rule.tail.includes(second)) ||
      (rule.head.includes(second) && rule.tail.includes(first)),
  )
}
