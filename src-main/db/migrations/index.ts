/**
 * Versioned schema migrations, applied in order by `Library.migrate` (PRAGMA user_version).
 * Adding a column is routine: add a file `NNN-what.ts` exporting a Migration with the next
 * version number and list it here. Never edit a migration that has shipped.
 */
import type { Queryable } from '../library'
import { foundation } from './001-foundation'
import { datasets } from './002-datasets'
import { training } from './003-training'
import { models } from './004-models'
import { communities } from './005-communities'
import { backtests } from './007-backtests'
import { datasetUndo } from './008-dataset-undo'

export interface Migration {
  version: number
  name: string
  up(tx: Queryable): Promise<void>
}

export const migrations: readonly Migration[] = [
  foundation,
  datasets,
  training,
  models,
  communities,
  backtests,
  datasetUndo,
]
