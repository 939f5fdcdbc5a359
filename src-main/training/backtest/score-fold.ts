/**
 * Scoring a fold's trained model on the test blocks it serves, exactly as the test period of a run is
 * scored (the model and the baselines on the same windows, the recursive horizon, conformal bands
 * calibrated on the fold's validation days), per home and pooled over the homes of a global model.
 */
import type { ForecastModel } from '../../engine/model'
import type { BaselineName } from '../baselines'
import type { EvaluationReport } from '../evaluate'
import type { FeatureOptions } from '../features'
import { pooledIntervals } from '../global/global-evaluate'
import type { HomeWindows } from '../global/home-windows'
import { poolEvaluations } from '../global/pool'
import type { SeriesGrid } from '../grid'
import {
  calibrateOnWindows,
  evaluateWithIntervals,
  forecastSeries,
  type Calibrations,
  type ForecastSeries,
  type WindowsVerdict,
} from '../intervals/windows-with-intervals'
import { toScoredForecast } from '../outcome'
import { longHorizonStride, type TrainingLoopResult } from '../pipeline'
import type { Scaler } from '../scaling'
import { labelSlots, type SplitName } from '../split'
import { windowStarts } from '../windows'
import { AppError } from '../../shared/result'
import type { FoldDays } from './folds'
import type { FoldOutcome, FoldWindows, FoldWorkItem } from './fold-work'

/** One home of a fold: its series, the labels of the training fold's days, its scaling and windows. */
export interface FoldHome {
  datasetId: number
  home: string
  grid: SeriesGrid
  labels: Int8Array
  days: string[]
  scaler: Scaler
  windows: HomeWindows
  starts: Record<SplitName, Int32Array>
}

/** The windows of `horizon` steps inside the given days, `stride` slots apart. */
function startsIn(
  grid: SeriesGrid,
  labels: Int8Array,
  split: SplitName,
  seqLen: number,
  horizon: number,
  stride: number,
) {
  return windowStarts(grid.values, labels, split, { seqLen, predSize: horizon, stride })
}

/** One fold's pooled verdict: the home's own for one home, pooled over homes (with their bands) otherwise. */
function pooled(verdicts: WindowsVerdict[]): EvaluationReport {
  if (verdicts.length === 1) return verdicts[0].report
  const report = poolEvaluations(verdicts.map((v) => v.report))
  return {
    ...report,
    ...pooledIntervals(
      verdicts.map((verdict) => ({ verdict })),
      report.bestBaseline,
    ),
  }
}

/** The per-window arrays of a fold (concatenated over homes, in home then time order). */
function foldWindows(
  fold: number,
  horizon: number,
  levels: number[],
  parts: { index: number; verdict: WindowsVerdict; grid: SeriesGrid; seqLen: number }[],
  homes: { datasetId: number; home: string }[],
  bestBaseline: BaselineName | null,
): FoldWindows {
  const m = parts.reduce((sum, p) => sum + p.verdict.starts.length, 0)
  const H = horizon
  const names = Object.keys(parts[0]?.verdict.baselineForecasts ?? {}) as BaselineName[]
  const out: FoldWindows = {
    fold,
    horizon,
    intervalMs: parts[0]?.grid.intervalMs ?? 0,
    levels,
    bestBaseline,
    home: new Uint16Array(m),
    homes,
    origin: new Float64Array(m),
    modelLoss: new Float64Array(m),
    baselineLoss: Object.fromEntries(names.map((name) => [name, new Float64Array(m)])),
    actual: new Float64Array(m * H),
    predicted: new Float64Array(m * H),
    baseline: bestBaseline ? new Float64Array(m * H) : null,
    lower: levels.map(() => new Float64Array(m * H)),
    upper: levels.map(() => new Float64Array(m * H)),
  }
  let at = 0
  for (const { index, verdict, grid, seqLen } of parts) {
    const n = verdict.starts.length
    out.actual.set(verdict.actual, at * H)
    out.predicted.set(verdict.predicted, at * H)
    const best = bestBaseline ? verdict.baselineForecasts[bestBaseline] : undefined
    if (out.baseline && best) out.baseline.set(best, at * H)
    verdict.bands.forEach((band, l) => {
      out.lower[l].set(band.lower, at * H)
      out.upper[l].set(band.upper, at * H)
    })
    for (let w = 0; w < n; w++) {
      out.home[at + w] = index
      out.origin[at + w] = grid.start + (verdict.starts[w] + seqLen) * grid.intervalMs
      const meanAbs = (forecast: Float64Array) => {
        let sum = 0
        for (let h = 0; h < H; h++) sum += Math.abs(forecast[w * H + h] - verdict.actual[w * H + h])
        return sum / H
      }
      out.modelLoss[at + w] = meanAbs(verdict.predicted)
      for (const name of names) {
        const forecast = verdict.baselineForecasts[name]
        out.baselineLoss[name]![at + w] = forecast ? meanAbs(forecast) : NaN
      }
    }
    at += n
  }
  return out
}

/** Scores the trained model of `item` on the test block of each of its folds. */
export function evaluateOnWindowsOfHomes(
  model: ForecastModel,
  homes: FoldHome[],
  item: FoldWorkItem,
  features: FeatureOptions,
  loop: TrainingLoopResult,
): FoldOutcome[] {
  const { params, levels, intervalMethod } = item
  const T = params.seqLen
  const P = params.predSize
  const series: ForecastSeries[] = homes.map((h) => forecastSeries(h.grid, h.scaler, item.zone))
  const calibrate = (horizon: number, stride: number): Calibrations =>
    calibrateOnWindows(
      model,
      homes.map((h, i) => ({
        series: series[i],
        starts: startsIn(h.grid, h.labels, 'validation', T, horizon, stride),
      })),
      features,
      T,
      horizon,
      levels,
      intervalMethod,
    )
  const calibrations = calibrate(P, 1)
  const long =
    params.horizon > 0 ? calibrate(params.horizon, longHorizonStride(homes[0].grid.intervalMs)) : null
  const trainer = item.folds[0]
  return item.folds.map((fold: FoldDays) => {
    const notes: string[] = []
    const parts: { index: number; verdict: WindowsVerdict; grid: SeriesGrid; seqLen: number }[] = []
    const longVerdicts: WindowsVerdict[] = []
    homes.forEach((h, index) => {
      const own = new Set(h.days)
      const testDays = fold.test.filter((d) => own.has(d))
      const labels = labelSlots(h.grid, { train: [], validation: [], test: testDays }, item.zone)
      const starts = startsIn(h.grid, labels, 'test', T, P, 1)
      if (starts.length === 0) {
        if (homes.length > 1) notes.push(`${h.home} has no test window in this block.`)
        return
      }
      const verdict = evaluateWithIntervals(model, series[index], features, starts, T, P, calibrations)
      parts.push({ index, verdict, grid: h.grid, seqLen: T })
      if (long) {
        const longStarts = startsIn(h.grid, labels, 'test', T, params.horizon, params.horizon)
        if (longStarts.length > 0)
          longVerdicts.push(
            evaluateWithIntervals(model, series[index], features, longStarts, T, params.horizon, long),
          )
      }
    })
    if (parts.length === 0)
      throw new AppError(
        'invalid-input',
        `Fold ${fold.fold}'s test block (${fold.test[0]} to ${fold.test.at(-1)}) has no window of ${T + P} consecutive readings: ` +
          'use longer blocks or a shorter window.',
      )
    const report = pooled(parts.map((p) => p.verdict))
    const test = toScoredForecast(report)
    test.notes.push(...notes)
    return {
      result: {
        fold: fold.fold,
        trainedOn: item.trainedOn,
        trainStart: trainer.train[0],
        trainEnd: trainer.train.at(-1)!,
        validationStart: trainer.validation[0],
        validationEnd: trainer.validation.at(-1)!,
        testStart: fold.test[0],
        testEnd: fold.test.at(-1)!,
        days: { train: trainer.train.length, validation: trainer.validation.length, test: fold.test.length },
        epochsRun: loop.epochsRun,
        bestEpoch: loop.bestEpoch,
        stopReason: loop.stopReason,
        trainSeconds: loop.trainSeconds,
        test,
        longHorizon: longVerdicts.length > 0 ? toScoredForecast(pooled(longVerdicts)) : null,
        ...(homes.length > 1 && {
          homes: parts.map((p) => ({
            datasetId: homes[p.index].datasetId,
            home: homes[p.index].home,
            test: toScoredForecast(p.verdict.report),
          })),
        }),
        warnings: loop.warnings,
        notes,
      },
      windows: foldWindows(
        fold.fold,
        P,
        [...levels],
        parts,
        homes.map((h) => ({ datasetId: h.datasetId, home: h.home })),
        report.bestBaseline,
      ),
    }
  })
}
