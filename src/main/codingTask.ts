// The unit of work a coding worker runs: the messages between the worker pool and its threads.
import type { CodedDocument } from '../shared/domain'
import type { ErrorData } from '../shared/errors'
import type { PipelineMode } from './pipeline'

export interface CodingWorkerConfig {
  readonly modelDir: string
  readonly terminologyDb: string
  readonly resourcesDir: string
  /** Model name → version, recorded with every run. */
  readonly models: Readonly<Record<string, string>>
}

export interface CodingTask {
  readonly path: string
  readonly systems: readonly string[]
  readonly limit: number
  /** fast: BiLSTM-CRF NER; accurate: transformer NER (and the accurate relation model). */
  readonly mode: PipelineMode
}

export interface CodedNote {
  readonly document: CodedDocument
  /** The mode the note was coded in, recorded with its run. */
  readonly mode: PipelineMode
  /** SHA-256 of the file's bytes, so the store can tell a re-opened note from a changed one. */
  readonly sha256: string
  readonly models: Readonly<Record<string, string>>
  readonly elapsedMs: number
  /** Milliseconds per step (import, each pipeline step, resolve), for the bench's breakdown. */
  readonly stepMs: Readonly<Record<string, number>>
}

export type CodingOutcome =
  | { readonly ok: true; readonly value: CodedNote }
  | { readonly ok: false; readonly error: ErrorData }
