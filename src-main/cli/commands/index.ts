import type { Command } from '../command'
import { analyseCommand } from './analyse'
import { cleanCommand } from './clean'
import { exportDataCommand } from './export-data'
import { datasetCommand } from './dataset'
import { datasetsCommand } from './datasets'
import { importCommand } from './import'
import { infoCommand } from './info'
import { trainCommand } from './train'
import { demoCommand } from './demo'
import { modelsCommand } from './models'
import { modelCommand } from './model'
import { exportModelCommand } from './export-model'
import { importModelCommand } from './import-model'
import { predictCommand } from './predict'
import { communitiesCommand } from './communities'
import { communityCommand } from './community'
import { evaluateCommand } from './evaluate'
import { runsCommand } from './runs'
import { backtestCommand } from './backtest'

/** Every CLI command, in the order `--help` lists them. */
export const commands: Command[] = [
  infoCommand,
  importCommand,
  datasetsCommand,
  datasetCommand,
  cleanCommand,
  exportDataCommand,
  analyseCommand,
  trainCommand,
  runsCommand,
  backtestCommand,
  demoCommand,
  modelsCommand,
  modelCommand,
  exportModelCommand,
  importModelCommand,
  predictCommand,
  evaluateCommand,
  communitiesCommand,
  communityCommand,
]
