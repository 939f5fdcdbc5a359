/**
 * `runFold`: one backtest work item, from plain data to fold results. It trains a model exactly as a
 * training run does (windows inside one part, scaling fitted on the training days of each series,
 * early stopping on the validation days, the same engine and seed), calibrates its bands on the
 * validation days, and scores it on each of its folds' test blocks as the test period is scored:
 * the model and the three baselines on the same windows, the recursive long horizon, the bands.
 * It reads no library and keeps no state, so it runs the same in a worker thread.
 */
import { createModel, engineOptionsFor, engineRecord } from '../model-factory'
import { evaluateOnWindowsOfHomes } from './score-fold'
import { modelConfigFor, trainWithEarlyStopping } from '../pipeline'
import { HomeWindows } from '../global/home-windows'
import { splitWindows } from '../global/global-data'
import type { FeatureOptions } from '../features'
import { fitScaler } from '../scaling'
import { labelSlots, SPLIT_CODES, type SplitName } from '../split'
import { windowStarts, type WindowShape } from '../windows'
import { AppError } from '../../shared/result'
import type { FoldItemOutcome, FoldProgress, FoldWorkItem } from './fold-work'
import type { FoldHome } from './score-fold'

/** Thrown when a cancel arrives while a fold trains: the fold is dropped, earlier folds are kept. */
export class FoldCancelled extends Error {
  constructor(readonly trainedOn: number) {
    super(`Fold ${trainedOn} was cancelled.`)
    this.name = 'FoldCancelled'
  }
}

export interface FoldHooks {
  progress(p: FoldProgress): void
  cancelled(): boolean
}

/** The homes of an item with their labels, scaling and windows for the training fold's days. */
function prepareHomes(
  item: FoldWorkItem,
  shape: WindowShape,
  features: FeatureOptions,
): { homes: FoldHome[]; skipped: string[] } {
  const trainer = item.folds[0]
  const homes: FoldHome[] = []
  const skipped: string[] = []
  for (const series of item.series) {
    const own = new Set(series.days)
    const grid = { start: series.start, intervalMs: series.intervalMs, values: series.values }
    const days = {
      train: trainer.train.filter((d) => own.has(d)),
      validation: trainer.validation.filter((d) => own.has(d)),
      test: [],
    }
    const labels = labelSlots(grid, days, item.zone)
    const starts = (split: SplitName) => windowStarts(grid.values, labels, split, shape)
    const train = starts('train')
    if (train.length === 0) {
      skipped.push(
        `${series.home} was left out of this fold: no training window in its days before the block.`,
      )
      continue
    }
    const scaler = fitScaler(grid.values, labels, SPLIT_CODES.train, item.params.scaling)
    homes.push({
      datasetId: series.datasetId,
      home: series.home,
      grid,
      labels,
      days: series.days,
      scaler,
      windows: new HomeWindows(grid, scaler, shape, features),
      starts: { train, validation: starts('validation'), test: new Int32Array(0) },
    })
  }
  return { homes, skipped }
}

/** Trains the item's model and scores every fold of the item. */
export async function runFold(item: FoldWorkItem, hooks: FoldHooks): Promise<FoldItemOutcome> {
  const { params } = item
  const shape: WindowShape = { seqLen: params.seqLen, predSize: params.predSize, stride: params.stride }
  const features: FeatureOptions = { calendar: params.calendar, level: params.level, zone: item.zone }
  const { homes, skipped } = prepareHomes(item, shape, features)
  if (homes.length === 0)
    throw new AppError(
      'invalid-input',
      `Fold ${item.trainedOn} has no training window: its ${item.folds[0].train.length} training day(s) hold no ` +
        `${shape.seqLen + shape.predSize} consecutive readings. Use fewer folds, shorter blocks or a shorter window.`,
    )
  const config = modelConfigFor(params, homes[0].windows.inputSize)
  const model = await createModel(params.engine, config, engineOptionsFor(params, config))
  try {
    if (item.initialWeights) model.setWeights(item.initialWeights)
    const loop = await trainWithEarlyStopping(
      model,
      { train: splitWindows(homes, 'train'), validation: splitWindows(homes, 'validation') },
      params,
      {
        cancelled: hooks.cancelled,
        progress: (p) =>
          hooks.progress({
            trainedOn: item.trainedOn,
            epoch: p.epoch,
            epochs: p.epochs,
            batch: p.batch,
            batches: p.batches,
            trainLoss: p.trainLoss,
            valLoss: p.valLoss,
          }),
      },
    )
    if (loop.stopReason === 'cancelled') throw new FoldCancelled(item.trainedOn)
    const outcomes = evaluateOnWindowsOfHomes(model, homes, item, features, loop)
    const computed = engineRecord(model)
    for (const { result } of outcomes) {
      Object.assign(result, computed)
      result.notes.unshift(...skipped)
      result.test.notes.unshift(...skipped)
    }
    return { outcomes, weights: item.returnWeights ? model.getWeights() : null }
  } finally {
    model.dispose()
  }
}
