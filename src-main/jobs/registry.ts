import type { JobKind } from '../shared/contract'
import type { JobFunction } from './job-context'
import { analyseFile } from './handlers/analyse-file'
import { importFiles } from './handlers/import-files'
import { trainJob } from '../training/train-job'
import { backtestJob } from '../training/backtest/backtest-job'

/** Every job the worker can run, by kind. The worker entry looks jobs up here. */
export const jobRegistry: Record<JobKind, JobFunction<never, unknown>> = {
  'analyse-file': analyseFile,
  import: importFiles,
  train: trainJob,
  backtest: backtestJob,
}
