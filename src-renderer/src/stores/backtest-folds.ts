/**
 * The plain parts of the backtests store: the options the form's choices make, and where each planned
 * fold stands (done, training, waiting, or not run after a cancel) from the folds stored and the job's
 * last progress report.
 */
import type {
  BacktestDetail,
  BacktestOptionsInput,
  BacktestProgress,
} from '../../../src-main/shared/backtest-schemas'

/** The form's choices; `refit: 'n'` retrains every `refitEvery` folds. */
export interface BacktestChoices {
  folds: number
  blockDays: number
  refit: 'every' | 'once' | 'n'
  refitEvery: number
  window: 'expanding' | 'fixed'
  gapDays: number
}

/** The CLI's defaults (docs/training.md): 5 folds of 7 kept days, expanding, refit every fold, no gap. */
export const DEFAULT_CHOICES: BacktestChoices = {
  folds: 5,
  blockDays: 7,
  refit: 'every',
  refitEvery: 2,
  window: 'expanding',
  gapDays: 0,
}

/** `backtest:start`'s options from the form's choices (an emptied number field keeps the default). */
export function backtestOptions(choices: BacktestChoices): BacktestOptionsInput {
  const number = (value: unknown, fallback: number) =>
    typeof value === 'number' && Number.isFinite(value) ? value : fallback
  return {
    folds: number(choices.folds, DEFAULT_CHOICES.folds),
    blockDays: number(choices.blockDays, DEFAULT_CHOICES.blockDays),
    gapDays: number(choices.gapDays, DEFAULT_CHOICES.gapDays),
    window: choices.window,
    refit: choices.refit === 'n' ? number(choices.refitEvery, DEFAULT_CHOICES.refitEvery) : choices.refit,
  }
}

export type FoldStage = 'done' | 'training' | 'waiting' | 'not-run'

/** One planned fold as the progress list shows it. */
export interface FoldState {
  fold: number
  stage: FoldStage
  /** its skill once done (null: no baseline could be scored) */
  skill: number | null
  /** the training in flight for this fold (its days train the model) */
  epoch: number | null
  epochs: number | null
  /** 0..1 of the training in flight */
  fraction: number | null
}

/** A backtest job's progress with figures (not only its phase). */
export function progressFigures(progress: unknown): BacktestProgress | null {
  return progress && typeof progress === 'object' && 'foldsDone' in progress
    ? (progress as BacktestProgress)
    : null
}

/**
 * Every planned fold's stage. A fold is done once stored (the detail holds it), training while a
 * training on its days is in flight, waiting while the job runs, and not run once the job ended
 * without it (cancelled, failed or interrupted: the folds done stay done).
 */
export function foldStates(
  detail: Pick<BacktestDetail, 'foldsPlanned' | 'folds'>,
  progress: BacktestProgress | null,
  jobRunning: boolean,
): FoldState[] {
  const planned = Math.max(detail.foldsPlanned, progress?.folds ?? 0, detail.folds.length)
  const done = new Map(detail.folds.map((f) => [f.fold, f]))
  const inFlight = new Map((jobRunning ? (progress?.running ?? []) : []).map((r) => [r.trainedOn, r]))
  return Array.from({ length: planned }, (_, i) => {
    const fold = i + 1
    const result = done.get(fold)
    if (result)
      return { fold, stage: 'done', skill: result.test.skill, epoch: null, epochs: null, fraction: null }
    const training = inFlight.get(fold)
    if (training)
      return {
        fold,
        stage: 'training',
        skill: null,
        epoch: training.epoch,
        epochs: training.epochs,
        fraction: Math.min(
          1,
          (training.epoch - 1 + training.batch / Math.max(1, training.batches)) /
            Math.max(1, training.epochs),
        ),
      }
    return {
      fold,
      stage: jobRunning ? 'waiting' : 'not-run',
      skill: null,
      epoch: null,
      epochs: null,
      fraction: null,
    }
  })
}
