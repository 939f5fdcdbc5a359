import type { Migration } from './index'

/**
 * Undo for a dataset delete: a deleted dataset stays in the table, marked with the deleting
 * process's id, until that session ends (as models do since version 4); the next start removes
 * it and, by cascade, its readings.
 */
export const datasetUndo: Migration = {
  version: 8,
  name: 'dataset-undo',
  async up(tx) {
    await tx.exec(`
      ALTER TABLE datasets ADD COLUMN deleted_at TEXT;
      ALTER TABLE datasets ADD COLUMN deleted_by_pid INTEGER;
    `)
  },
}
