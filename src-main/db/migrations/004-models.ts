import type { Migration } from './index'

/**
 * The model library: a deleted model stays in the table until the session that deleted it ends
 * (so "undo" can bring it back), and an imported model remembers the file it came from.
 */
export const models: Migration = {
  version: 4,
  name: 'models',
  async up(tx) {
    await tx.exec(`
      ALTER TABLE models ADD COLUMN deleted_at TEXT;
      ALTER TABLE models ADD COLUMN deleted_by_pid INTEGER;
      ALTER TABLE models ADD COLUMN imported_from TEXT;
      ALTER TABLE models ADD COLUMN imported_at TEXT;
    `)
  },
}
