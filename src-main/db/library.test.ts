import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { makeTempDir } from '../test-support/temp-dir'
import { Library } from './library'
import { migrations, type Migration } from './migrations'

describe('Library', () => {
  let temp: ReturnType<typeof makeTempDir>
  beforeEach(() => (temp = makeTempDir()))
  afterEach(() => temp.remove())

  it('creates the file with WAL, foreign keys and the latest schema version', async () => {
    const library = await Library.open(join(temp.dir, 'sub', 'lib.sqlite'))
    expect(await library.get('PRAGMA journal_mode')).toEqual({ journal_mode: 'wal' })
    expect(await library.get('PRAGMA foreign_keys')).toEqual({ foreign_keys: 1 })
    expect(await library.get('PRAGMA page_size')).toEqual({ page_size: 16384 })
    expect(await library.schemaVersion()).toBe(Math.max(...migrations.map((m) => m.version)))
    const tables = (
      await library.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
    ).map((t) => t.name)
    expect(tables).toEqual(expect.arrayContaining(['datasets', 'runs', 'models']))
    await library.close()
  })

  it('opens a library made with another page size as it is (the size is fixed once the file exists)', async () => {
    const path = join(temp.dir, 'old.sqlite')
    const sqlite3 = (await import('sqlite3')).default
    await new Promise<void>((done, fail) => {
      const db = new sqlite3.Database(path, (err) => {
        if (err) return fail(err)
        db.exec('PRAGMA page_size = 4096; PRAGMA journal_mode = WAL; CREATE TABLE t (x)', (e) =>
          e ? fail(e) : db.close(() => done()),
        )
      })
    })
    const library = await Library.open(path)
    expect(await library.get('PRAGMA page_size')).toEqual({ page_size: 4096 })
    expect(await library.schemaVersion()).toBe(Math.max(...migrations.map((m) => m.version)))
    await library.close()
  })

  it('applies each migration once, and a new one adds a column to an existing library', async () => {
    const path = join(temp.dir, 'lib.sqlite')
    const first = await Library.open(path)
    await first.run("INSERT INTO datasets (home, name) VALUES ('CDB001', 'May')")
    await first.close()

    const next = migrations.reduce((max, m) => Math.max(max, m.version), 0) + 1
    const addColumn: Migration = {
      version: next,
      name: 'add-notes',
      up: (tx) => tx.exec("ALTER TABLE datasets ADD COLUMN notes TEXT NOT NULL DEFAULT ''"),
    }
    const upgraded = await Library.open(path, { migrations: [...migrations, addColumn] })
    expect(await upgraded.schemaVersion()).toBe(next)
    expect(await upgraded.get('SELECT home, notes FROM datasets')).toEqual({ home: 'CDB001', notes: '' })
    // Opening again does not re-run it (ALTER TABLE would fail on a duplicate column).
    await upgraded.close()
    const again = await Library.open(path, { migrations: [...migrations, addColumn] })
    expect(await again.schemaVersion()).toBe(next)
    await again.close()
  })

  it('refuses a library written by a newer app', async () => {
    const path = join(temp.dir, 'lib.sqlite')
    const library = await Library.open(path)
    await library.exec('PRAGMA user_version = 999')
    await library.close()
    await expect(Library.open(path)).rejects.toThrow(/schema version 999, newer than this app knows/)
  })

  it('rolls a failed transaction back completely', async () => {
    const library = await Library.open(join(temp.dir, 'lib.sqlite'))
    await expect(
      library.transaction(async (tx) => {
        await tx.run("INSERT INTO datasets (home, name) VALUES ('CDB001', 'a')")
        await tx.run("INSERT INTO datasets (home, name) VALUES ('CDB002', 'b')")
        throw new Error('disk full')
      }),
    ).rejects.toThrow('disk full')
    expect(await library.get('SELECT COUNT(*) AS n FROM datasets')).toEqual({ n: 0 })
    await library.close()
  })

  it('never interleaves another caller inside a transaction', async () => {
    const library = await Library.open(join(temp.dir, 'lib.sqlite'))
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const tx = library.transaction(async (t) => {
      await t.run("INSERT INTO datasets (home, name) VALUES ('CDB001', 'inside')")
      await gate
      throw new Error('abort')
    })
    // This statement is queued behind the transaction, so it cannot see or commit its row.
    const outside = library.get<{ n: number }>('SELECT COUNT(*) AS n FROM datasets')
    release()
    await expect(tx).rejects.toThrow('abort')
    expect(await outside).toEqual({ n: 0 })
    await library.close()
  })

  it('enforces foreign keys', async () => {
    const library = await Library.open(join(temp.dir, 'lib.sqlite'))
    await expect(
      library.run("INSERT INTO runs (dataset_id, status) VALUES (12345, 'running')"),
    ).rejects.toThrow(/FOREIGN KEY/)
    await library.close()
  })
})
