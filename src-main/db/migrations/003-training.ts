import type { Migration } from './index'

/** Training runs and saved models: what was asked, what happened, and the trained weights. */
export const training: Migration = {
  version: 3,
  name: 'training',
  async up(tx) {
    await tx.exec(`
      ALTER TABLE runs ADD COLUMN name TEXT NOT NULL DEFAULT '';
      ALTER TABLE runs ADD COLUMN engine TEXT NOT NULL DEFAULT 'scratch';
      ALTER TABLE runs ADD COLUMN params_json TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE runs ADD COLUMN history_json TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE runs ADD COLUMN result_json TEXT;
      ALTER TABLE runs ADD COLUMN message TEXT NOT NULL DEFAULT '';
      ALTER TABLE runs ADD COLUMN owner_pid INTEGER;
      ALTER TABLE runs ADD COLUMN ended_at TEXT;
      ALTER TABLE runs ADD COLUMN train_seconds REAL;
      ALTER TABLE models ADD COLUMN dataset_id INTEGER REFERENCES datasets(id) ON DELETE SET NULL;
      ALTER TABLE models ADD COLUMN engine TEXT NOT NULL DEFAULT 'scratch';
      ALTER TABLE models ADD COLUMN manifest_json TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE models ADD COLUMN weights BLOB;
      ALTER TABLE models ADD COLUMN notes TEXT NOT NULL DEFAULT '';
      CREATE INDEX runs_by_status ON runs(status);
      CREATE INDEX models_by_dataset ON models(dataset_id);
    `)
  },
}
