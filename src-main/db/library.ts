/**
 * The SQLite library file: a promise wrapper over the `sqlite3` package (N-API, so the same
 * binary loads in Node and in Electron) with WAL, foreign keys, versioned migrations and a
 * transaction helper. One connection per process; statements are serialised through a queue
 * so a transaction never interleaves with another caller's statements.
 */
import sqlite3 from 'sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { migrations as defaultMigrations, type Migration } from './migrations'

export type SqlValue = string | number | bigint | Buffer | Uint8Array | null
export type SqlParams = SqlValue[] | Record<string, SqlValue>

/** Statement runner; `Library` outside a transaction, or the handle a transaction receives. */
export interface Queryable {
  run(sql: string, params?: SqlParams): Promise<{ lastID: number; changes: number }>
  get<T = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<T | undefined>
  all<T = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<T[]>
  exec(sql: string): Promise<void>
}

class Connection implements Queryable {
  constructor(readonly db: sqlite3.Database) {}

  run(sql: string, params: SqlParams = []): Promise<{ lastID: number; changes: number }> {
    return new Promise((resolve, reject) => {
      this.db.run(sql, params, function (this: sqlite3.RunResult, err: Error | null) {
        if (err) reject(err)
        else resolve({ lastID: this.lastID, changes: this.changes })
      })
    })
  }

  get<T>(sql: string, params: SqlParams = []): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      this.db.get(sql, params, (err: Error | null, row: T) => (err ? reject(err) : resolve(row)))
    })
  }

  all<T>(sql: string, params: SqlParams = []): Promise<T[]> {
    return new Promise((resolve, reject) => {
      this.db.all(sql, params, (err: Error | null, rows: T[]) => (err ? reject(err) : resolve(rows)))
    })
  }

  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => this.db.exec(sql, (err) => (err ? reject(err) : resolve())))
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.db.close((err) => (err ? reject(err) : resolve())))
  }
}

export class Library implements Queryable {
  private queue: Promise<unknown> = Promise.resolve()

  private constructor(
    private readonly connection: Connection,
    readonly path: string,
  ) {}

  /** Opens (creating if needed) the library at `path` and brings its schema up to date. */
  static async open(path: string, options: { migrations?: readonly Migration[] } = {}): Promise<Library> {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
    const db = await new Promise<sqlite3.Database>((resolve, reject) => {
      const handle = new sqlite3.Database(path, (err) => (err ? reject(err) : resolve(handle)))
    })
    const connection = new Connection(db)
    // busy_timeout (first, so the other pragmas wait too): the worker process writes imports and runs
    // through its own connection, and other processes (CLI commands) may open the same file at once.
    // page_size (new libraries only; WAL fixes it once the file exists): readings are day blobs of 40-130 KB,
    // and 16 KB pages make 4x fewer overflow pages to log and checkpoint than the default 4 KB (the commit of
    // a year of 8-s data: about 240 -> 170 ms here; the file about 3 % larger)
    await connection.exec(
      'PRAGMA busy_timeout = 10000; PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;',
    )
    const library = new Library(connection, path)
    await library.migrate(options.migrations ?? defaultMigrations)
    return library
  }

  /** Runs `task` after every earlier queued task, so statements never interleave. */
  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task)
    this.queue = next.catch(() => undefined)
    return next
  }

  run(sql: string, params?: SqlParams) {
    return this.enqueue(() => this.connection.run(sql, params))
  }
  get<T = Record<string, unknown>>(sql: string, params?: SqlParams) {
    return this.enqueue(() => this.connection.get<T>(sql, params))
  }
  all<T = Record<string, unknown>>(sql: string, params?: SqlParams) {
    return this.enqueue(() => this.connection.all<T>(sql, params))
  }
  exec(sql: string) {
    return this.enqueue(() => this.connection.exec(sql))
  }

  /**
   * Runs `work` in one IMMEDIATE transaction: it commits if `work` resolves and rolls back if
   * it throws, so a failed import or save leaves nothing behind. Use only the `tx` handle inside.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.enqueue(async () => {
      await this.connection.exec('BEGIN IMMEDIATE')
      try {
        const result = await work(this.connection)
        await this.connection.exec('COMMIT')
        return result
      } catch (error) {
        await this.connection.exec('ROLLBACK').catch(() => undefined)
        throw error
      }
    })
  }

  async schemaVersion(): Promise<number> {
    const row = await this.get<{ user_version: number }>('PRAGMA user_version')
    return row?.user_version ?? 0
  }

  /**
   * Applies, in order, the migrations newer than user_version, all in ONE transaction that holds
   * the write lock (BEGIN IMMEDIATE) before it reads the version: several processes opening a new
   * library at once (the app and CLI commands) then migrate one after the other, and each later
   * one finds the schema up to date instead of creating the same tables again.
   */
  async migrate(list: readonly Migration[]): Promise<number> {
    const latest = list.reduce((max, m) => Math.max(max, m.version), 0)
    // an up-to-date library (every open but the first) is left without taking the write lock
    const seen = await this.schemaVersion()
    if (seen === latest) return latest
    return this.transaction(async (tx) => {
      const row = await tx.get<{ user_version: number }>('PRAGMA user_version')
      let version = row?.user_version ?? 0
      if (version > latest) {
        throw new Error(
          `The library ${this.path} has schema version ${version}, newer than this app knows (${latest}). ` +
            'Update Voisin Forecast to open it.',
        )
      }
      for (const migration of [...list].sort((a, b) => a.version - b.version)) {
        if (migration.version <= version) continue
        await migration.up(tx)
        // PRAGMA does not take bound parameters; the version is an integer from our own code
        await tx.exec(`PRAGMA user_version = ${Math.trunc(migration.version)}`)
        version = migration.version
      }
      return version
    })
  }

  async close(): Promise<void> {
    await this.enqueue(() => this.connection.close())
  }
}
