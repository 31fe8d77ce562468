// Atomic file writes for exports (store layer): a temp file in the target's folder, flushed, then
// renamed over the target, so a crash leaves the old file or the new one, never half of one.
import { randomBytes } from 'node:crypto'
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { CoderError } from '../../../shared/errors'

/** Why a write failed, in words a coder can act on. */
const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'the folder does not exist',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the disk is read-only',
  ENOSPC: 'the disk is full',
  EISDIR: 'it is a folder',
}

/** Writes `content` as UTF-8 to `path` atomically and returns the bytes written; throws E_FILE_WRITE. */
export function writeFileAtomic(path: string, content: string): number {
  const target = resolve(path)
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`)
  const bytes = Buffer.from(content, 'utf8')
  try {
    writeAndSync(temp, bytes)
    renameSync(temp, target)
  } catch (error) {
    rmSync(temp, { force: true })
    throw new CoderError('E_FILE_WRITE', { path: target, reason: reasonOf(error) })
  }
  syncFolder(dirname(target))
  return bytes.length
}

function writeAndSync(path: string, bytes: Buffer): void {
  // 'wx': never reuse a file someone else created under the temp name.
  const fd = openSync(path, 'wx', 0o644)
  try {
    let written = 0
    while (written < bytes.length) written += writeSync(fd, bytes, written)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** Makes the rename itself durable where the OS allows syncing a folder (not on Windows). */
function syncFolder(folder: string): void {
  try {
    const fd = openSync(folder, 'r')
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  } catch {
    // The file is already complete and in place; only the rename's durability is best-effort.
  }
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (code && REASONS[code]) return REASONS[code]
  return error instanceof Error ? error.message : String(error)
}
