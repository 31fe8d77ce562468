// The IPC contract: every call the renderer can make, its request schema and response type (shared layer).
// Main must handle every key (see src/main/ipc.ts); the preload and the test bridge expose exactly these.
import { z } from 'zod'
import {
  CODING_MODES,
  type CodeCandidate,
  type CodeSuggestion,
  type CodedDocument,
  type CodingMode,
  type DecisionAction,
  type TerminologyRelease,
} from './domain'
import type { ErrorData } from './errors'
import type { CallName, EventName } from './ipcNames'

/** A phantom marker that carries a response type without a runtime schema (main produces it). */
const returns = <T>(): T => undefined as T

export interface DocumentSummary {
  readonly id: number
  readonly name: string
  readonly path: string
  readonly addedAt: string
  readonly chunks: number
  readonly suggestions: number
  readonly accepted: number
  readonly rejected: number
}

export interface ReviewSuggestion extends CodeSuggestion {
  readonly id: number
  readonly decision: DecisionAction | null
}

export interface DocumentView {
  readonly id: number
  readonly name: string
  readonly document: CodedDocument
  readonly suggestions: readonly ReviewSuggestion[]
}

export interface OpenFailure {
  readonly path: string
  readonly error: ErrorData
}

export interface OpenResult {
  readonly opened: readonly DocumentSummary[]
  readonly failed: readonly OpenFailure[]
}

export type ExportFormat = 'csv' | 'json'

/** null from export.save means the coder cancelled the save dialog. */
export interface ExportResult {
  readonly path: string
  readonly format: ExportFormat
  readonly codes: number
  readonly bytes: number
}

export interface ModelInfo {
  readonly name: string
  readonly version: string
  readonly metric: string
  readonly score: number | null
}

export interface AppInfo {
  readonly version: string
  readonly models: readonly ModelInfo[]
  readonly terminologies: readonly TerminologyRelease[]
  /** False where the host has no native file dialog (the browser test bridge). */
  readonly canPickFiles: boolean
}

/** A release in the index, as the Systems screen lists it; earlier releases kept have isCurrent false. */
export interface SystemRelease extends TerminologyRelease {
  /** Non-billable headers (categories); `codes` counts the billable ones. */
  readonly headers: number
  /** Index terms and synonyms leading to the system's codes. */
  readonly indexTerms: number
  readonly isCurrent: boolean
}

/** One code of a release diff: its description in the previous release and in the new one (null where absent). */
export interface DiffEntry {
  readonly code: string
  readonly before: string | null
  readonly after: string | null
}

/** What changed against the system's previous current release (codes as written, in code order). */
export interface ReleaseDiff {
  readonly previousRelease: string
  readonly added: readonly string[]
  readonly deleted: readonly string[]
  /** Codes present in both whose description changed. */
  readonly redescribed: readonly string[]
  /** The same codes in the same order, with their descriptions before and after. */
  readonly details: {
    readonly added: readonly DiffEntry[]
    readonly deleted: readonly DiffEntry[]
    readonly redescribed: readonly DiffEntry[]
  }
}

/** A system's current release against the earlier release kept beside it (recomputed by main). */
export interface SystemDiff {
  readonly system: string
  readonly release: string
  readonly diff: ReleaseDiff
}

/**
 * What importing one release file did: `codes` counts valid (billable) codes, `headers` the
 * non-billable headers; `diff` is absent when the system is new.
 */
export interface ImportedRelease {
  readonly system: string
  readonly release: string
  readonly version: string
  readonly codes: number
  readonly billable: number
  readonly headers: number
  /** Index terms and synonyms now leading to the system's codes. */
  readonly indexTerms: number
  /** Against the release that was current before, with descriptions. */
  readonly diff?: ReleaseDiff
  /** Earlier releases of the system still kept, which the coder may drop. */
  readonly keptReleases?: readonly string[]
  readonly seconds: number
}

/** An import of a release file or a folder of them: one entry per file. */
export interface ImportResult {
  readonly path: string
  readonly imported: readonly ImportedRelease[]
}

/**
 * The steps of one file's import, in order: read the files (bytes), prepare and write the rows
 * (rows), then build the full-text index (0 of 1, then 1 of 1).
 */
export type ImportPhase = 'read' | 'prepare' | 'write' | 'index'

export { CODING_MODES, type CodingMode }

const id = z.number().int().positive()
const codingMode = z.enum(CODING_MODES)
const empty = z.object({}).strict()
const systemName = z.string().trim().min(1).max(64)

export const calls = {
  'app.info': { request: empty, response: returns<AppInfo>() },
  'documents.list': { request: empty, response: returns<DocumentSummary[]>() },
  'documents.open': {
    request: z
      .object({
        paths: z.array(z.string().min(1).max(4096)).min(1).max(1000),
        mode: codingMode.optional(),
      })
      .strict(),
    response: returns<OpenResult>(),
  },
  'documents.pick': {
    request: z.object({ mode: codingMode.optional() }).strict(),
    response: returns<OpenResult>(),
  },
  'documents.get': { request: z.object({ id }).strict(), response: returns<DocumentView>() },
  'review.decide': {
    request: z.object({ suggestionId: id, action: z.enum(['accept', 'reject']) }).strict(),
    response: returns<ReviewSuggestion>(),
  },
  'export.save': {
    request: z.object({ documentId: id, format: z.enum(['csv', 'json']) }).strict(),
    response: returns<ExportResult | null>(),
  },
  'terminology.search': {
    request: z
      .object({
        text: z.string().trim().min(1).max(500),
        system: z.string().min(1).max(64).optional(),
        limit: z.number().int().min(1).max(100).optional(),
      })
      .strict(),
    response: returns<CodeCandidate[]>(),
  },
  'terminology.list': { request: empty, response: returns<SystemRelease[]>() },
  'terminology.import': {
    request: z
      .object({ path: z.string().min(1).max(4096), system: systemName.optional() })
      .strict(),
    response: returns<ImportResult>(),
  },
  /** Picks a release file or folder in the host's dialog, then imports it; null: cancelled. */
  'terminology.pick': {
    request: z.object({ kind: z.enum(['file', 'folder']), system: systemName.optional() }).strict(),
    response: returns<ImportResult | null>(),
  },
  /** The current release against the earlier one kept beside it; null when none is kept. */
  'terminology.diff': {
    request: z.object({ system: systemName }).strict(),
    response: returns<SystemDiff | null>(),
  },
  /** Drops an earlier release kept after a newer import; answers the releases left. */
  'terminology.drop': {
    request: z.object({ system: systemName, release: z.string().min(1).max(200) }).strict(),
    response: returns<SystemRelease[]>(),
  },
} as const

export { CALL_NAMES, EVENT_NAMES, isCallName, isEventName } from './ipcNames'
export type { CallName, EventName } from './ipcNames'

/** Fails to compile when the name list and the contract's keys differ. */
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never
const namesMatchContract: SameKeys<keyof typeof calls, CallName> = true
void namesMatchContract

export type CallRequest<K extends CallName> = z.input<(typeof calls)[K]['request']>
export type CallResponse<K extends CallName> = (typeof calls)[K]['response']

/** Events main pushes to the renderer. */
export interface Events {
  'menu.command': { readonly command: 'open' | 'export' }
  'documents.progress': { readonly path: string; readonly done: number; readonly total: number }
  /** A release import under way: `done` of `total` in the phase's unit; `file` of `files` found. */
  'terminology.progress': {
    readonly path: string
    readonly file: number
    readonly files: number
    readonly phase: ImportPhase
    readonly done: number
    readonly total: number
  }
}
/** Fails to compile when the event name list and the Events map differ. */
const eventNamesMatch: SameKeys<keyof Events, EventName> = true
void eventNamesMatch

/** What crosses the boundary: data or a coded error, never a thrown Error. */
export type CallResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorData }

/** The one object the preload (and the test bridge) exposes to the renderer as `window.api`. */
export interface Api {
  call<K extends CallName>(name: K, request: CallRequest<K>): Promise<CallResult<CallResponse<K>>>
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void
}

/** The handlers main must provide: one per call, or the build fails. */
export type Handlers = {
  [K in CallName]: (request: z.output<(typeof calls)[K]['request']>) => Promise<CallResponse<K>>
}

/** Validates a request against the contract; throws a ZodError on bad input. */
export function parseRequest<K extends CallName>(
  name: K,
  request: unknown,
): z.output<(typeof calls)[K]['request']> {
  return calls[name].request.parse(request) as z.output<(typeof calls)[K]['request']>
}
