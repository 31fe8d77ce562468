// The messages between the release-import thread and the main thread that started it (main layer).
import type { ErrorData } from '../shared/errors'
import type { ImportProgress, ImportReport } from './terminology'

/** What the import thread is given: where the index is, and what to import into it. */
export interface ReleaseImportConfig {
  readonly terminologyDb: string
  /** resources/terminology, in case the index must first be built from the shipped code sets. */
  readonly resourcesDir: string
  /** A release file or a folder of them. */
  readonly path: string
  readonly system?: string
}

/** One release file's progress; `file` counts from 1 among the `files` found under the path. */
export interface ReleaseImportProgress extends ImportProgress {
  readonly path: string
  readonly file: number
  readonly files: number
}

export type ReleaseImportMessage =
  | { readonly kind: 'progress'; readonly progress: ReleaseImportProgress }
  | { readonly kind: 'done'; readonly reports: readonly ImportReport[] }
  | { readonly kind: 'failed'; readonly error: ErrorData }
