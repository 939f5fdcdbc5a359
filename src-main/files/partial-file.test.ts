import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createBackend } from '../backend/create-backend'
import { Library } from '../db/library'
import { makeTempDir, sourceWorkerEntry } from '../test-support/temp-dir'
import { removeStalePartialFiles, writeThroughPartial } from './partial-file'

const records = async (library: Library) =>
  (await library.all<{ key: string }>("SELECT key FROM settings WHERE key LIKE 'partial-file:%'")).map(
    (r) => r.key,
  )

/** The id of a process that has ended. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!

describe('writeThroughPartial', () => {
  let temp: ReturnType<typeof makeTempDir>
  let library: Library
  beforeEach(async () => {
    temp = makeTempDir()
    library = await Library.open(':memory:')
  })
  afterEach(async () => {
    await library.close()
    temp.remove()
  })

  it('writes the file, leaves no partial file and no record', async () => {
    const dest = join(temp.dir, 'm.vfmodel')
    expect(await writeThroughPartial(library, dest, 'été', 'm.vfmodel')).toBe(5)
    expect(readFileSync(dest, 'utf8')).toBe('été')
    expect(existsSync(`${dest}.partial`)).toBe(false)
    expect(await records(library)).toEqual([])
  })

  it('refuses a directory with a file name to use, and writes nothing next to it', async () => {
    const folder = join(temp.dir, 'out')
    mkdirSync(folder)
    await expect(writeThroughPartial(library, folder, 'x', 'My_model.vfmodel')).rejects.toThrow(
      `Cannot write ${folder}: is a directory: choose a file name (for example ${join(folder, 'My_model.vfmodel')}).`,
    )
    expect(existsSync(`${folder}.partial`)).toBe(false)
  })

  it('never replaces a FIFO, nor overwrites a .partial file it did not write', async () => {
    const fifo = join(temp.dir, 'pipe')
    execFileSync('mkfifo', [fifo])
    await expect(writeThroughPartial(library, fifo, 'x', 'm.vfmodel')).rejects.toThrow(
      `Cannot write ${fifo}: is not a regular file (a device, FIFO or socket).`,
    )
    const dest = join(temp.dir, 'm.vfmodel')
    writeFileSync(`${dest}.partial`, 'the user’s own file')
    await expect(writeThroughPartial(library, dest, 'x', 'm.vfmodel')).rejects.toThrow(
      'already exists and was not written by this app',
    )
    expect(readFileSync(`${dest}.partial`, 'utf8')).toBe('the user’s own file')
    expect(existsSync(dest)).toBe(false)
    expect(await records(library)).toEqual([])
  })

  it('leaves an export still running in another process alone, and takes over one that was killed', async () => {
    const dest = join(temp.dir, 'm.vfmodel')
    const key = `partial-file:${dest}.partial`
    writeFileSync(`${dest}.partial`, 'half')
    const alive = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' })
    try {
      await library.run('INSERT INTO settings (key, value) VALUES (?, ?)', [
        key,
        JSON.stringify({ pid: alive.pid }),
      ])
      await expect(writeThroughPartial(library, dest, 'x', 'm.vfmodel')).rejects.toThrow(
        `Cannot write ${dest}: another export (process ${alive.pid}) is writing it now.`,
      )
      expect(readFileSync(`${dest}.partial`, 'utf8')).toBe('half')
    } finally {
      alive.kill()
    }
    await library.run('UPDATE settings SET value = ? WHERE key = ?', [
      JSON.stringify({ pid: deadPid() }),
      key,
    ])
    await writeThroughPartial(library, dest, 'whole', 'm.vfmodel')
    expect(readFileSync(dest, 'utf8')).toBe('whole')
    expect(existsSync(`${dest}.partial`)).toBe(false)
    expect(await records(library)).toEqual([])
  })

  it('removes the partial file and its record when the write fails (a real EFBIG)', async () => {
    // a process limited to 64 kB files writes 1 MB: the write fails half way, as on a full disk
    const dest = join(temp.dir, 'big.vfmodel')
    const module = (file: string) => JSON.stringify(resolve(__dirname, file))
    const script =
      `import db from ${module('../db/library.ts')}; import partial from ${module('./partial-file.ts')};` +
      `const library = await db.Library.open(':memory:'); let error = null;` +
      `try { await partial.writeThroughPartial(library, ${JSON.stringify(dest)}, 'x'.repeat(1 << 20), 'big.vfmodel') }` +
      `catch (e) { error = e.message }` +
      `const left = await library.all("SELECT key FROM settings WHERE key LIKE 'partial-file:%'");` +
      `process.stdout.write(JSON.stringify({ error, records: left.length }))`
    const child = spawn(
      'bash',
      ['-c', 'ulimit -f 64; exec "$0" --import tsx --input-type=module -e "$1"', process.execPath, script],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    await new Promise((done) => child.on('close', done))
    expect(JSON.parse(output)).toEqual({
      error: `Cannot write ${dest}: the file is larger than this file system or process may write (EFBIG).`,
      records: 0,
    })
    expect(existsSync(`${dest}.partial`)).toBe(false)
    expect(existsSync(dest)).toBe(false)
  })
})

describe('removeStalePartialFiles at backend start', () => {
  let temp: ReturnType<typeof makeTempDir>
  beforeEach(() => (temp = makeTempDir()))
  afterEach(() => temp.remove())

  it('removes the recorded partial files of killed exports, and nothing else', async () => {
    const databasePath = join(temp.dir, 'library.sqlite')
    const killed = join(temp.dir, 'killed.vfmodel.partial')
    const running = join(temp.dir, 'running.vfmodel.partial')
    const users = join(temp.dir, 'users.vfmodel.partial')
    for (const file of [killed, running, users]) writeFileSync(file, '{"format":')
    const alive = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' })
    try {
      const library = await Library.open(databasePath)
      await library.run('INSERT INTO settings (key, value) VALUES (?, ?), (?, ?)', [
        `partial-file:${killed}`,
        JSON.stringify({ pid: deadPid() }),
        `partial-file:${running}`,
        JSON.stringify({ pid: alive.pid }),
      ])
      await library.close()

      const backend = await createBackend({ dataDir: temp.dir, databasePath, workerEntry: sourceWorkerEntry })
      expect(existsSync(killed)).toBe(false)
      expect(existsSync(running)).toBe(true)
      expect(existsSync(users)).toBe(true)
      expect(await records(backend.context.library)).toEqual([`partial-file:${running}`])
      // once that export's process is gone too, the next start removes its file
      expect(await removeStalePartialFiles(backend.context.library, () => false)).toEqual([running])
      expect(await records(backend.context.library)).toEqual([])
      await backend.close()
    } finally {
      alive.kill()
    }
  })
})
