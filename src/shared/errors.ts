// The numbered error catalogue: stable codes, one-line messages that say what to do (shared layer).

export const ERRORS = {
  E_FILE_NOT_FOUND: 'File or folder not found: {path}. Check the path and try again.',
  E_FILE_EMPTY: 'The file {path} is empty: there is no note text to code.',
  E_FILE_BINARY:
    'The file {path} looks binary, not a text note. Open a .txt or .md note (export other formats to text first).',
  E_FILE_TOO_LARGE:
    'The file {path} is {sizeMb} MB; notes over {limitMb} MB are refused. Split it into single notes.',
  E_FILE_ENCODING:
    'The file {path} is not text in UTF-8, UTF-16 or Latin-1. Re-save it as UTF-8 and open it again.',
  E_FILE_TYPE: 'The file {path} is not a supported note type ({types}). Save it as .txt or .md.',
  E_FOLDER_EMPTY: 'The folder {path} holds no notes ({types}). Pick a folder with note files.',
  E_RELEASE_MALFORMED:
    'The release file {path} is malformed at line {line}: {reason}. Use the official file as downloaded; nothing was imported.',
  E_RELEASE_UNKNOWN:
    'Cannot tell which terminology {path} is. Pass --system NAME (ICD-10-CM, ICD-10-PCS or a custom name), or the official file (hp.json, sct2_Concept_Snapshot, RXNCONSO.RRF, Loinc.csv).',
  E_RELEASE_NONE:
    'The folder {path} holds no release files (*order*.txt[.gz], HCPC*.xlsx, hp.json[.gz], sct2_Concept_Snapshot*.txt, RXNCONSO.RRF or Loinc.csv). Pass the release file itself.',
  E_SYSTEM_UNKNOWN:
    'No terminology named {system} is installed. Run `terminology list` to see what is.',
  E_MODEL_MISSING:
    'The model {path} is missing or unreadable. Reinstall the app or restore resources/models.',
  E_NOT_FOUND: 'No {what} with id {id}. Reload the worklist.',
  E_INVALID_REQUEST: 'Invalid request to {call}: {reason}.',
  E_OPTION: 'Invalid option: {reason}. See --help.',
  E_DATABASE:
    'The project database {path} cannot be used: {reason}. Choose another path with --db.',
  E_FILE_WRITE: 'Cannot write {path}: {reason}. Choose another file name or folder.',
  E_DATASET_EMPTY:
    'The folder {path} holds no {corpus} documents for --split {split} (looked for {expected}). Pass --data a folder laid out like ../shared/datasets/{folder}.',
  E_DATASET_MALFORMED:
    'The dataset file {path} is malformed at {where}: {reason}. Use the file as released.',
  E_TRAINER_MISSING:
    'Training needs {what}, which is missing ({reason}). Install it with `apt-get install python3-torch python3-onnx python3-numpy` and try again.',
  E_TRAINER_FAILED:
    'Training stopped: {reason}. Check the rows and options; nothing was written to {path}.',
  E_INTERNAL: 'Internal error in {where}: {reason}. Please report it with the steps that led here.',
} as const

export type ErrorCode = keyof typeof ERRORS

/** An expected failure with a stable code; only code and message cross process boundaries. */
export class CoderError extends Error {
  readonly code: ErrorCode
  readonly params: Readonly<Record<string, string | number>>

  constructor(code: ErrorCode, params: Record<string, string | number> = {}, message?: string) {
    super(message ?? formatError(code, params))
    this.name = 'CoderError'
    this.code = code
    this.params = params
  }
}

/** Fills a catalogue template; unknown placeholders are left visible rather than dropped. */
export function formatError(code: ErrorCode, params: Record<string, string | number>): string {
  return ERRORS[code].replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in params ? String(params[key]) : whole,
  )
}

/** Rebuilds an error that crossed a thread or process boundary as data. */
export function fromErrorData(data: ErrorData): CoderError {
  return new CoderError(data.code, {}, data.message)
}

export interface ErrorData {
  readonly code: ErrorCode | 'E_INTERNAL'
  readonly message: string
}

/** Turns anything thrown into error data; non-CoderErrors become E_INTERNAL. */
export function toErrorData(error: unknown, where = 'the app'): ErrorData {
  if (error instanceof CoderError) return { code: error.code, message: error.message }
  const reason = error instanceof Error ? error.message : String(error)
  return { code: 'E_INTERNAL', message: formatError('E_INTERNAL', { where, reason }) }
}
