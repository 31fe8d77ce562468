// Line-by-line reading of large release files (RF2, RRF) in chunks, strict UTF-8, with their SHA-256 (terminology layer).
// Licensed releases run to hundreds of MB: a line at a time keeps one file out of memory.
import { createHash } from 'node:crypto'
import { TextDecoder } from 'node:util'
import { closeSync, openSync, readSync } from 'node:fs'
import { CoderError } from '../../shared/errors'
import { malformed } from './orderFile'

const CHUNK_BYTES = 1 << 20

/**
 * Calls `onLine` with each line (without its CR LF or LF) and its 1-based number; returns the
 * file's SHA-256. A NUL byte or bad UTF-8 throws E_RELEASE_MALFORMED naming the line.
 */
export function readLines(
  path: string,
  onLine: (line: string, lineNumber: number) => void,
): string {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch {
    throw new CoderError('E_FILE_NOT_FOUND', { path })
  }
  const hash = createHash('sha256')
  const decoder = new TextDecoder('utf-8', { fatal: true })
  const buffer = Buffer.alloc(CHUNK_BYTES)
  let pending = ''
  let lineNumber = 0
  const emit = (text: string): void => {
    const lines = (pending + text).split('\n')
    pending = lines.pop() ?? ''
    for (const raw of lines) {
      lineNumber++
      onLine(clean(path, raw, lineNumber), lineNumber)
    }
  }
  try {
    for (;;) {
      const read = readSync(fd, buffer, 0, CHUNK_BYTES, null)
      if (read === 0) break
      const bytes = buffer.subarray(0, read)
      hash.update(bytes)
      emit(decode(path, decoder, bytes, lineNumber + 1, true))
    }
    emit(decode(path, decoder, Buffer.alloc(0), lineNumber + 1, false))
    if (pending !== '') onLine(clean(path, pending, ++lineNumber), lineNumber)
  } finally {
    closeSync(fd)
  }
  return hash.digest('hex')
}

function decode(
  path: string,
  decoder: TextDecoder,
  bytes: Buffer,
  line: number,
  stream: boolean,
): string {
  try {
    return decoder.decode(bytes, { stream })
  } catch {
    throw malformed(path, line, 'it is not UTF-8 text')
  }
}

function clean(path: string, raw: string, lineNumber: number): string {
  if (raw.includes('\0')) {
    throw malformed(path, lineNumber, 'it holds NUL bytes (UTF-16 or binary, not UTF-8 text)')
  }
  const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
  return lineNumber === 1 ? line.replace(/^\uFEFF/, '') : line
}
