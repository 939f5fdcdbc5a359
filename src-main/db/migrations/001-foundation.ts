import type { Migration } from './index'

/** The first tables: households' datasets, training runs and saved models (filled by later migrations). */
export const foundation: Migration = {
  version: 1,
  name: 'foundation',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE datasets (
        id INTEGER PRIMARY KEY,
        home TEXT NOT NULL,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );
      CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        dataset_id INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'cancelled', 'interrupted')),
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );
      CREATE TABLE models (
        id INTEGER PRIMARY KEY,
        run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );
    `)
  },
}
