import type { Migration } from './index'

/**
 * Imported readings: dataset facts, source files, per-day counts, the readings themselves (one
 * row per local day holding typed-array blobs) and a multi-resolution min/max summary for charts.
 */
export const datasets: Migration = {
  version: 2,
  name: 'datasets',
  async up(tx) {
    await tx.exec(`
      ALTER TABLE datasets ADD COLUMN zone TEXT NOT NULL DEFAULT 'Europe/Brussels';
      ALTER TABLE datasets ADD COLUMN interval_seconds INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE datasets ADD COLUMN start_ms INTEGER;
      ALTER TABLE datasets ADD COLUMN end_ms INTEGER;
      -- data rows read from the files, readings kept, duplicate instants dropped
      ALTER TABLE datasets ADD COLUMN rows INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE datasets ADD COLUMN readings INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE datasets ADD COLUMN duplicates INTEGER NOT NULL DEFAULT 0;
      -- JSON: stored column names (p_cons, p_prod, p_tot, then meter channels), p_cons stats, warnings
      ALTER TABLE datasets ADD COLUMN columns TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE datasets ADD COLUMN stats TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE datasets ADD COLUMN warnings TEXT NOT NULL DEFAULT '[]';
      -- the saved cleaning recipe (JSON) and the days it keeps and removes (JSON arrays)
      ALTER TABLE datasets ADD COLUMN recipe TEXT;
      ALTER TABLE datasets ADD COLUMN kept_days TEXT;
      ALTER TABLE datasets ADD COLUMN removed_days TEXT;
      ALTER TABLE datasets ADD COLUMN cleaned_at TEXT;

      CREATE TABLE dataset_files (
        id INTEGER PRIMARY KEY,
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        name TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        layout TEXT NOT NULL,
        rows INTEGER NOT NULL,
        naive TEXT
      );
      CREATE INDEX dataset_files_dataset ON dataset_files(dataset_id);

      -- one row per local day from the first reading to the last, empty days included
      CREATE TABLE dataset_days (
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        day TEXT NOT NULL,
        start_ms INTEGER NOT NULL,
        end_ms INTEGER NOT NULL,
        expected INTEGER NOT NULL,
        present INTEGER NOT NULL,
        empty INTEGER NOT NULL,
        zero INTEGER NOT NULL,
        PRIMARY KEY (dataset_id, day)
      ) WITHOUT ROWID;

      -- offsets: Int32Array [n] ms since start_ms; vals: Float32Array [columns × n] watts, column-major, NaN = empty
      CREATE TABLE dataset_readings (
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        day TEXT NOT NULL,
        start_ms INTEGER NOT NULL,
        count INTEGER NOT NULL,
        offsets BLOB NOT NULL,
        vals BLOB NOT NULL,
        PRIMARY KEY (dataset_id, day)
      );

      -- data: Float32Array [buckets × 4] = (min, max, mean, count) per bucket of bucket_seconds from start_ms
      CREATE TABLE dataset_summaries (
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        column_name TEXT NOT NULL,
        bucket_seconds INTEGER NOT NULL,
        start_ms INTEGER NOT NULL,
        buckets INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (dataset_id, column_name, bucket_seconds)
      );
    `)
  },
}
