/**
 * Files the app writes where the user said (export-model): written to `<dest>.partial` next to the
 * destination and renamed into place only when complete, so a failed or killed write never leaves a
 * half file under the destination's name.
 *
 * While a partial file exists it is recorded in the library's `settings` table (key
 * `partial-file:<path>`, value the writing process id). A failure removes the file and its record at
 * once; a killed process leaves both, and the next backend start removes the files recorded by
 * processes that are gone. Recording the exact paths, rather than deleting every `*.vfmodel.partial`
 * found by a naming convention, means the app never deletes a file it did not write itself (a user's
 * own `notes.vfmodel.partial`, or a partial file another running export is still writing), and it
 * needs no scan of the user's folders. The record lives in the library the export used: a partial
 * file is cleaned the next time that library is opened.
 */
import { lstatSync, statSync } from 'node:fs'
import { open, rename, unlink } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { Queryable } from '../db/library'
import { processIsAlive } from '../jobs/process-alive'
import { AppError } from '../shared/result'

const RECORD_PREFIX = 'partial-file:'

const recordKey = (partialPath: string) => `${RECORD_PREFIX}${partialPath}`

function refuse(path: string, why: string, code: 'invalid-input' | 'conflict' = 'invalid-input'): never {
  throw new AppError(code, `Cannot write ${path}: ${why}.`)
}

/**
 * The destination must be a new file or a regular file to replace: a directory gets a message
 * suggesting a file name in it, and a device or FIFO is never replaced by a rename.
 */
function checkDestination(path: string, suggestedName: string): void {
  let stats
  try {
    stats = statSync(path) // through a link: a link to a folder is a folder
  } catch {
    return // nothing there (or a dangling link, which the rename replaces): a new file
  }
  if (stats.isDirectory())
    refuse(path, `is a directory: choose a file name (for example ${join(path, suggestedName)})`)
  if (!stats.isFile()) refuse(path, 'is not a regular file (a device, FIFO or socket)')
}

/**
 * Removes a partial file if it is still a plain file (never a directory or link put there since);
 * true when it was removed.
 */
async function removePartial(partialPath: string): Promise<boolean> {
  try {
    if (!lstatSync(partialPath).isFile()) return false
  } catch {
    return false // already gone
  }
  await unlink(partialPath)
  return true
}

/**
 * Writes `text` to `path` through `<path>.partial`; returns the bytes written.
 * @param suggestedName a file name to suggest when `path` is a directory
 */
export async function writeThroughPartial(
  library: Queryable,
  path: string,
  text: string,
  suggestedName: string,
): Promise<number> {
  checkDestination(path, suggestedName)
  const partialPath = `${path}.partial`
  const key = recordKey(partialPath)
  const earlier = await library.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [key])
  if (earlier) {
    const { pid } = JSON.parse(earlier.value) as { pid: number }
    // a live owner (this process included) is writing it now; a dead one was killed mid-write
    if (processIsAlive(pid)) refuse(path, `another export (process ${pid}) is writing it now`, 'conflict')
    await removePartial(partialPath) // left by an export that was killed: ours to remove
  }
  await library.run('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)', [
    key,
    JSON.stringify({ pid: process.pid }),
  ])
  let created = false
  try {
    // 'wx': an existing file of that name that this app did not record is the user's, never overwritten
    const handle = await open(partialPath, 'wx').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST')
        refuse(
          path,
          `${partialPath} already exists and was not written by this app: remove it or choose another name`,
        )
      if (error.code === 'ENOENT') refuse(path, `the folder ${dirname(path)} does not exist`)
      throw error
    })
    created = true
    try {
      await handle.writeFile(text, 'utf8')
    } finally {
      await handle.close()
    }
    await rename(partialPath, path)
    created = false
  } catch (error) {
    if (created) await removePartial(partialPath).catch(() => undefined)
    if (error instanceof AppError) throw error
    refuse(path, writeFailure(error as NodeJS.ErrnoException))
  } finally {
    // the record goes once the partial file has gone (renamed or removed); a file that could not
    // be removed keeps its record, so the next start tries again
    if (!created || !exists(partialPath)) await library.run('DELETE FROM settings WHERE key = ?', [key])
  }
  return Buffer.byteLength(text)
}

/** The usual write failures in words, the code kept for a search. */
function writeFailure(error: NodeJS.ErrnoException): string {
  const words: Record<string, string> = {
    ENOSPC: 'no space left on the disk',
    EFBIG: 'the file is larger than this file system or process may write',
    EDQUOT: 'the disk quota is used up',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the file system is read-only',
  }
  const code = error.code ?? ''
  return words[code] ? `${words[code]} (${code})` : code || error.message
}

function exists(path: string): boolean {
  try {
    lstatSync(path)
    return true
  } catch {
    return false
  }
}

/**
 * At backend start: removes the partial files recorded by processes that are gone (a killed export)
 * and their records; files of exports still running elsewhere are left alone. Returns the removed paths.
 */
export async function removeStalePartialFiles(
  library: Queryable,
  isAlive: (pid: number) => boolean = processIsAlive,
): Promise<string[]> {
  const records = await library.all<{ key: string; value: string }>(
    `SELECT key, value FROM settings WHERE key LIKE '${RECORD_PREFIX}%'`,
  )
  const removed: string[] = []
  for (const record of records) {
    const { pid } = JSON.parse(record.value) as { pid: number }
    if (isAlive(pid)) continue // still writing (in another process, or another backend of this one)
    const partialPath = record.key.slice(RECORD_PREFIX.length)
    try {
      if (await removePartial(partialPath)) removed.push(partialPath)
    } catch {
      continue // cannot be removed now (permissions): keep the record and try at the next start
    }
    await library.run('DELETE FROM settings WHERE key = ?', [record.key])
  }
  return removed
}
