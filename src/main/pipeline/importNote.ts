// Note import: finds note files, decodes their bytes to the one text every offset points into
// (pipeline layer; plain Node, no Electron).
import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs'
import { basename, extname, join, resolve } from 'node:path'
import { TextDecoder } from 'node:util'
import type { NoteDocument } from '../../shared/domain'
import { CoderError } from '../../shared/errors'
import { findSections } from './sections'

/** Extensions read as notes, lower-case with the dot. */
export const NOTE_EXTENSIONS: readonly string[] = ['.txt', '.md']
/** Notes larger than this are refused before they are read. */
export const MAX_NOTE_BYTES = 5 * 1024 * 1024

const TYPES = NOTE_EXTENSIONS.join(', ')
// A text note has the odd stray control character; a binary file has many.
const MAX_CONTROL_RATIO = 0.01
// Node's TextDecoder treats windows-1252 as ISO-8859-1, so 0x80–0x9F ("–", "€", "’") are mapped
// here; the five bytes windows-1252 leaves undefined stay C1 controls, as browsers decode them.
const WINDOWS_1252_HIGH = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039,
  0x0152, 0x008d, 0x017d, 0x008f, 0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
  0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
]

export interface DecodedNote {
  readonly text: string
  /** utf-8, utf-16le, utf-16be or latin1. */
  readonly encoding: string
}

/**
 * The note files named by `paths`: files as given (in order), folders searched recursively for
 * every .txt/.md file, sorted. Throws E_FILE_NOT_FOUND, E_FILE_TYPE or E_FOLDER_EMPTY.
 */
export function listNotes(paths: readonly string[]): string[] {
  const found: string[] = []
  for (const path of paths) {
    const stats = statOrThrow(path)
    if (stats.isDirectory()) {
      const inFolder = walkFolder(path).sort()
      if (inFolder.length === 0) throw new CoderError('E_FOLDER_EMPTY', { path, types: TYPES })
      found.push(...inFolder)
    } else {
      assertNoteType(path)
      found.push(path)
    }
  }
  return found
}

/** Reads one note file into a document whose id is its file name. */
export function readNote(path: string): NoteDocument {
  const stats = statOrThrow(path)
  if (stats.isDirectory()) throw new CoderError('E_FILE_TYPE', { path, types: TYPES })
  assertNoteType(path)
  // Size first, from stat: a huge file is refused without reading a byte of it.
  if (stats.size > MAX_NOTE_BYTES) {
    throw new CoderError('E_FILE_TOO_LARGE', {
      path,
      sizeMb: (stats.size / 1024 / 1024).toFixed(1),
      limitMb: MAX_NOTE_BYTES / 1024 / 1024,
    })
  }
  const { text, encoding } = decodeNote(readFileSync(path), path)
  return Object.freeze({
    id: basename(path),
    path: resolve(path),
    text,
    encoding,
    sections: findSections(text),
  })
}

/**
 * Decodes note bytes: UTF-8 (BOM stripped), UTF-16 LE/BE when a BOM says so, else Latin-1
 * (windows-1252). Nothing else in the text is changed, so offsets hold. Throws E_FILE_BINARY,
 * E_FILE_ENCODING or E_FILE_EMPTY (`path` is only for the message).
 */
export function decodeNote(bytes: Uint8Array, path: string): DecodedNote {
  const decoded = decodeBytes(bytes, path)
  if (decoded.text.trim().length === 0) throw new CoderError('E_FILE_EMPTY', { path })
  if (countControls(decoded.text) > decoded.text.length * MAX_CONTROL_RATIO) {
    throw new CoderError('E_FILE_BINARY', { path })
  }
  return decoded
}

function decodeBytes(bytes: Uint8Array, path: string): DecodedNote {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    return { text: decodeStrict('utf-8', bytes.subarray(3), path), encoding: 'utf-8' }
  }
  if (startsWith(bytes, [0xff, 0xfe])) {
    return { text: decodeStrict('utf-16le', bytes.subarray(2), path), encoding: 'utf-16le' }
  }
  if (startsWith(bytes, [0xfe, 0xff])) {
    return { text: decodeStrict('utf-16be', bytes.subarray(2), path), encoding: 'utf-16be' }
  }
  // NUL never appears in 8-bit text; without a UTF-16 BOM it means a binary file.
  if (bytes.includes(0)) throw new CoderError('E_FILE_BINARY', { path })
  try {
    return { text: decoder('utf-8').decode(bytes), encoding: 'utf-8' }
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'latin1' }
  }
}

function decodeWindows1252(bytes: Uint8Array): string {
  const units = new Uint16Array(bytes.length)
  bytes.forEach((byte, i) => {
    units[i] = byte >= 0x80 && byte < 0xa0 ? (WINDOWS_1252_HIGH[byte - 0x80] ?? byte) : byte
  })
  return new TextDecoder('utf-16le').decode(units)
}

function decodeStrict(label: string, bytes: Uint8Array, path: string): string {
  try {
    return decoder(label).decode(bytes)
  } catch {
    throw new CoderError('E_FILE_ENCODING', { path })
  }
}

// ignoreBOM: the BOM was already cut off by hand; a second one would be text.
function decoder(label: string): TextDecoder {
  return new TextDecoder(label, { fatal: true, ignoreBOM: true })
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte)
}

/** C0 control characters other than tab, line feed, form feed and carriage return. */
function countControls(text: string): number {
  let count = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d) count++
  }
  return count
}

function statOrThrow(path: string): Stats {
  try {
    return statSync(path)
  } catch {
    throw new CoderError('E_FILE_NOT_FOUND', { path })
  }
}

function assertNoteType(path: string): void {
  if (!NOTE_EXTENSIONS.includes(extname(path).toLowerCase())) {
    throw new CoderError('E_FILE_TYPE', { path, types: TYPES })
  }
}

/** Every note file under a folder; hidden files and folders (".git") are skipped. */
function walkFolder(folder: string): string[] {
  const found: string[] = []
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue
    const path = join(folder, entry.name)
    if (entry.isDirectory()) found.push(...walkFolder(path))
    else if (entry.isFile() && NOTE_EXTENSIONS.includes(extname(entry.name).toLowerCase())) {
      found.push(path)
    }
  }
  return found
}
