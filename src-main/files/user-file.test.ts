import { execFileSync } from 'node:child_process'
import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../test-support/temp-dir'
import { checkUserFile, formatBytes, readUserFile } from './user-file'

describe('checkUserFile and readUserFile', () => {
  let temp: ReturnType<typeof makeTempDir>
  beforeEach(() => (temp = makeTempDir()))
  afterEach(() => temp.remove())

  it('accepts a regular file and a link to one', async () => {
    const file = join(temp.dir, 'a.csv')
    writeFileSync(file, 'hello')
    symlinkSync(file, join(temp.dir, 'link.csv'))
    expect(checkUserFile(file).size).toBe(5)
    expect(checkUserFile(join(temp.dir, 'link.csv')).size).toBe(5)
    expect((await readUserFile(join(temp.dir, 'link.csv'), { maxBytes: 5 })).toString()).toBe('hello')
  })

  it('names a missing file, a dangling link, a directory, a FIFO and a device, each by its own message', () => {
    const missing = join(temp.dir, 'missing.csv')
    expect(() => checkUserFile(missing)).toThrow(`Cannot open ${missing}: no such file.`)
    symlinkSync(missing, join(temp.dir, 'dangling.csv'))
    expect(() => checkUserFile(join(temp.dir, 'dangling.csv'))).toThrow(
      `Cannot open ${join(temp.dir, 'dangling.csv')}: it is a link to ${missing}, which does not exist.`,
    )
    mkdirSync(join(temp.dir, 'folder'))
    expect(() => checkUserFile(join(temp.dir, 'folder'))).toThrow(
      `Cannot open ${join(temp.dir, 'folder')}: is a directory.`,
    )
    const fifo = join(temp.dir, 'pipe')
    execFileSync('mkfifo', [fifo])
    expect(() => checkUserFile(fifo)).toThrow(
      `Cannot open ${fifo}: is not a regular file (a device, FIFO or socket).`,
    )
    symlinkSync('/dev/zero', join(temp.dir, 'zero.vfmodel'))
    expect(() => checkUserFile(join(temp.dir, 'zero.vfmodel'))).toThrow(
      `Cannot open ${join(temp.dir, 'zero.vfmodel')} (a link to /dev/zero): is not a regular file (a device, FIFO or socket).`,
    )
  })

  it('refuses a FIFO and /dev/zero without opening them (a read would block or never end)', async () => {
    const fifo = join(temp.dir, 'pipe')
    execFileSync('mkfifo', [fifo])
    await expect(readUserFile(fifo, { maxBytes: 100 })).rejects.toThrow('is not a regular file')
    await expect(readUserFile('/dev/zero', { maxBytes: 100 })).rejects.toThrow('is not a regular file')
  })

  it('refuses a file larger than the limit by its size, before reading it', async () => {
    const sparse = join(temp.dir, 'huge.vfmodel')
    writeFileSync(sparse, '')
    truncateSync(sparse, 3_000_000_000) // sparse: no disk space, and a read would take 3 GB of memory
    expect(() => checkUserFile(sparse, { maxBytes: 512 * 1024 * 1024, what: 'model file' })).toThrow(
      `Cannot open ${sparse}: it is 3 GB, larger than any model file (at most 537 MB).`,
    )
    await expect(readUserFile(sparse, { maxBytes: 1000, what: 'model file' })).rejects.toThrow(
      'it is 3 GB, larger than any model file (at most 1 kB)',
    )
  })

  it('stops reading at the cap when the file holds more than its size said', async () => {
    // /proc files report size 0 and yield their text when read, like a file that grows while read
    const status = '/proc/self/status'
    expect(checkUserFile(status).size).toBe(0)
    await expect(readUserFile(status, { maxBytes: 64, what: 'model file' })).rejects.toThrow(
      `Cannot open ${status}: it grew past 64 bytes while it was read, larger than any model file.`,
    )
    expect((await readUserFile(status, { maxBytes: 1 << 20 })).toString()).toMatch(/^Name:/)
  })

  it('formats sizes for messages', () => {
    expect(formatBytes(999)).toBe('999 bytes')
    expect(formatBytes(1500)).toBe('1.5 kB')
    expect(formatBytes(536_870_912)).toBe('537 MB')
  })
})
