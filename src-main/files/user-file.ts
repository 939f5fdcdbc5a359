/**
 * Paths the user gives (import, analyse, import-model): checked before anything opens them, so a
 * directory, a device, a FIFO or a huge file gets a one-line message naming the path, never a hang,
 * a memory blow-up or a misleading "no such file" for a path that exists.
 */
import { constants, lstatSync, readlinkSync, statSync, type Stats } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import { AppError } from '../shared/result'

export interface FileLimits {
  /** a file larger than this is refused (by its size before reading, and by the bytes read) */
  maxBytes?: number
  /** what the file should be, for the size message ("model file") */
  what?: string
}

const NOT_REGULAR = 'is not a regular file (a device, FIFO or socket)'

/** `1.50 GB`, `512 MB`, `12.3 kB`: sizes in messages (decimal units, as file managers show them). */
export function formatBytes(bytes: number): string {
  const units: [number, string][] = [
    [1e9, 'GB'],
    [1e6, 'MB'],
    [1e3, 'kB'],
  ]
  for (const [size, unit] of units)
    if (bytes >= size) return `${Number((bytes / size).toPrecision(3))} ${unit}`
  return `${bytes} bytes`
}

function reason(error: unknown): { code: 'not-found' | 'invalid-input'; why: string } {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT' || code === 'ENOTDIR') return { code: 'not-found', why: 'no such file' }
  if (code === 'EACCES' || code === 'EPERM') return { code: 'invalid-input', why: 'permission denied' }
  return { code: 'invalid-input', why: code ?? (error as Error).message }
}

function refuse(path: string, why: string, code: 'not-found' | 'invalid-input' = 'invalid-input'): never {
  throw new AppError(code, `Cannot open ${path}: ${why}.`)
}

/**
 * Checks that `path` is a regular file, or a link to one, within `limits.maxBytes`, and returns its
 * stats. lstat tells a link from its target, so a dangling link or a link to a device is named as
 * such; nothing is opened, so a FIFO cannot block and /dev/zero cannot be read.
 * @throws AppError (`not-found` when nothing is there, `invalid-input` otherwise)
 */
export function checkUserFile(path: string, limits: FileLimits = {}): Stats {
  let link: Stats
  try {
    link = lstatSync(path)
  } catch (error) {
    const { code, why } = reason(error)
    return refuse(path, why, code)
  }
  let target = link
  let via = ''
  if (link.isSymbolicLink()) {
    let destination = '?'
    try {
      destination = readlinkSync(path)
    } catch {
      // the message still says it is a link
    }
    via = ` (a link to ${destination})`
    try {
      target = statSync(path)
    } catch (error) {
      const { why } = reason(error)
      return refuse(
        path,
        `it is a link to ${destination}, ${why === 'no such file' ? 'which does not exist' : why}`,
      )
    }
  }
  if (target.isDirectory()) refuse(`${path}${via}`, 'is a directory')
  if (!target.isFile()) refuse(`${path}${via}`, NOT_REGULAR)
  if (limits.maxBytes !== undefined && target.size > limits.maxBytes)
    refuse(path, tooLarge(target.size, limits))
  return target
}

function tooLarge(bytes: number, limits: FileLimits): string {
  return (
    `it is ${formatBytes(bytes)}, larger than any ${limits.what ?? 'file this app reads'} ` +
    `(at most ${formatBytes(limits.maxBytes!)})`
  )
}

/**
 * Reads a checked file whole, but never more than `limits.maxBytes`: the cap counts the bytes
 * actually read, so a file that grows while it is read (or reports a size it does not have, as
 * /proc files do) stops at the cap too.
 */
export async function readUserFile(path: string, limits: FileLimits & { maxBytes: number }): Promise<Buffer> {
  checkUserFile(path, limits)
  let handle: FileHandle
  try {
    // O_NONBLOCK: were the path swapped for a FIFO since the check, opening it must not wait for a writer
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  } catch (error) {
    const { code, why } = reason(error)
    return refuse(path, why, code)
  }
  try {
    const opened = await handle.stat()
    if (!opened.isFile()) refuse(path, NOT_REGULAR)
    return await readAtMost(handle, path, opened.size, limits)
  } finally {
    await handle.close()
  }
}

const CHUNK_BYTES = 1 << 20

async function readAtMost(
  handle: FileHandle,
  path: string,
  expected: number,
  limits: FileLimits & { maxBytes: number },
): Promise<Buffer> {
  // one more byte than the cap: reading it proves the file is larger
  let buffer = Buffer.allocUnsafe(Math.min(limits.maxBytes + 1, Math.max(expected + 1, CHUNK_BYTES)))
  let length = 0
  for (;;) {
    if (length === buffer.length) {
      const grown = Buffer.allocUnsafe(Math.min(limits.maxBytes + 1, buffer.length * 2))
      buffer.copy(grown, 0, 0, length)
      buffer = grown
    }
    const { bytesRead } = await handle.read(
      buffer,
      length,
      Math.min(CHUNK_BYTES, buffer.length - length),
      null,
    )
    if (bytesRead === 0) break
    length += bytesRead
    if (length > limits.maxBytes)
      refuse(
        path,
        `it grew past ${formatBytes(limits.maxBytes)} while it was read, larger than any ${limits.what ?? 'file this app reads'}`,
      )
  }
  return buffer.subarray(0, length)
}
