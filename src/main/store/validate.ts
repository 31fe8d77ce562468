// Checks a coded document before it is stored (store layer): offsets inside the text, chunk text
// equal to its slice, and every key resolving within the run. Messages name keys and offsets only.
import { ASSERTIONS, type Chunk, type CodedDocument } from '../../shared/domain'
import { CoderError } from '../../shared/errors'
import { isValidSpan, type Span } from '../../shared/text'

export interface SaveMeta {
  readonly mode: 'fast' | 'accurate'
  /** Model name → version, e.g. { ner: "1.0.0", re_fast: "0.3" }. */
  readonly models: Readonly<Record<string, string>>
  /** SHA-256 of the note file's bytes, hex (either case). */
  readonly sha256: string
  /** When coding started (ISO 8601); defaults to the time of saving. */
  readonly startedAt?: string
}

const SHA256 = /^[0-9a-f]{64}$/i
const MODES: readonly string[] = ['fast', 'accurate']
const BASES: readonly string[] = ['base', 'enriched']
const KNOWN_ASSERTIONS: readonly string[] = ASSERTIONS

/** Throws E_INVALID_REQUEST naming the first problem; returns the normalised (lower-case) hash. */
export function validateCoded(doc: CodedDocument, meta: SaveMeta): string {
  const problem = metaProblem(meta) ?? documentProblem(doc)
  if (problem)
    throw new CoderError('E_INVALID_REQUEST', { call: 'store.saveCoded', reason: problem })
  return meta.sha256.toLowerCase()
}

function metaProblem(meta: SaveMeta): string | undefined {
  if (!MODES.includes(meta.mode)) return `mode must be fast or accurate, not "${meta.mode}"`
  if (!SHA256.test(meta.sha256)) return 'sha256 must be 64 hex digits'
  const models = Object.entries(meta.models)
  if (models.some(([, version]) => typeof version !== 'string'))
    return 'model versions must be text'
  if (meta.startedAt !== undefined && Number.isNaN(Date.parse(meta.startedAt))) {
    return 'startedAt must be an ISO 8601 time'
  }
  return undefined
}

function documentProblem(doc: CodedDocument): string | undefined {
  if (!doc.path) return 'the document has no path'
  const length = doc.text.length
  const badSection = doc.sections.find((s) => !isValidSpan(s, length))
  if (badSection) return `section ${spanLabel(badSection)} lies outside the text of ${length}`
  const keys = new Set<string>()
  for (const chunk of doc.chunks) {
    const problem = chunkProblem(chunk, doc.text, keys)
    if (problem) return problem
    keys.add(chunk.id)
  }
  return linkProblem(doc, keys)
}

function chunkProblem(chunk: Chunk, text: string, keys: ReadonlySet<string>): string | undefined {
  const name = `chunk ${chunk.id} ${spanLabel(chunk)}`
  if (!chunk.id) return `a chunk ${spanLabel(chunk)} has no id`
  if (keys.has(chunk.id)) return `chunk id ${chunk.id} is used twice`
  if (!isValidSpan(chunk, text.length)) return `${name} lies outside the text of ${text.length}`
  if (text.slice(chunk.start, chunk.end) !== chunk.text)
    return `${name}: text differs from its slice`
  if (!KNOWN_ASSERTIONS.includes(chunk.assertion)) return `${name}: unknown assertion`
  if (!Number.isFinite(chunk.confidence)) return `${name}: confidence is not a number`
  const cue = chunk.assertionCue
  if (cue && !isValidSpan(cue, text.length)) return `${name}: its cue lies outside the text`
  if (cue && text.slice(cue.start, cue.end) !== cue.text)
    return `${name}: cue text differs from its slice`
  return undefined
}

function linkProblem(doc: CodedDocument, keys: ReadonlySet<string>): string | undefined {
  for (const r of doc.relations) {
    if (!keys.has(r.head) || !keys.has(r.tail)) return `relation ${r.head}→${r.tail}: unknown chunk`
    if (!MODES.includes(r.model)) return `relation ${r.head}→${r.tail}: unknown model ${r.model}`
  }
  for (const e of doc.enriched) {
    if (!keys.has(e.chunk) || !e.modifiers.every((m) => keys.has(m))) {
      return `enriched chunk ${e.chunk}: unknown chunk`
    }
  }
  return doc.suggestions.map((s) => suggestionProblem(s, keys)).find((p) => p !== undefined)
}

function suggestionProblem(
  s: CodedDocument['suggestions'][number],
  keys: ReadonlySet<string>,
): string | undefined {
  const name = `suggestion ${s.system} ${s.code} for ${s.chunk}`
  if (!keys.has(s.chunk)) return `${name}: unknown chunk`
  if (!BASES.includes(s.basis)) return `${name}: basis must be base or enriched`
  if (!s.system || !s.code) return `${name}: system and code are required`
  if (!Number.isInteger(s.rank) || s.rank < 1) return `${name}: rank must be 1 or more`
  if (!Number.isFinite(s.score)) return `${name}: score is not a number`
  if (typeof s.billable !== 'boolean') return `${name}: billable must be true or false`
  if (!KNOWN_ASSERTIONS.includes(s.assertion)) return `${name}: unknown assertion`
  return undefined
}

function spanLabel(span: Span): string {
  return `[${span.start}, ${span.end})`
}
