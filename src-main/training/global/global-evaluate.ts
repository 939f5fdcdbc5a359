/**
 * Judging a global model: on each home's test days against that home's three baselines (as a home
 * model is judged), how many homes it wins, and on the community total: the sum of the per-home
 * forecasts against the baselines of the total, with its bias (a model trained with MAE forecasts
 * medians, and a sum of medians of skewed loads falls below the total).
 */
import type { ForecastModel } from '../../engine/model'
import { chooseMembers } from '../../community/choose-members'
import { backwardsDays } from '../../community/backwards-days'
import { evaluateAgainstBaselines, type EvaluationReport } from '../evaluate'
import { forecastWatts } from '../predict'
import { labelSlots, SPLIT_CODES } from '../split'
import { windowStarts } from '../windows'
import type { BaselineName } from '../baselines'
import type { IntervalMethod } from '../intervals/conformal'
import type { IntervalScore } from '../intervals/interval-score'
import {
  calibrateOnWindows,
  evaluateWithIntervals,
  forecastSeries,
  poolIntervals,
  type Calibrations,
  type WindowsVerdict,
} from '../intervals/windows-with-intervals'
import type { GlobalData, GlobalHome } from './global-data'

export interface HomeEvaluation {
  datasetId: number
  home: string
  test: EvaluationReport
}

export interface TotalEvaluation {
  test: EvaluationReport
  /** mean of (forecast − actual) over every step of every window, watts */
  bias: number
  /** homes whose forecasts are summed, and those left out of the total with why */
  homes: { datasetId: number; home: string; included: boolean; signFlipped: boolean; reason: string | null }[]
}

function strip(
  report: EvaluationReport & {
    actual?: unknown
    predicted?: unknown
    starts?: unknown
    baselineForecasts?: unknown
  },
): EvaluationReport {
  const { actual: _a, predicted: _p, starts: _s, baselineForecasts: _b, ...rest } = report
  return rest
}

/** Each home's test windows, scored against its own baselines, with its bands when calibrated. */
export function evaluateHomes(
  model: ForecastModel,
  data: GlobalData,
  calibrations: Calibrations | null = null,
): (HomeEvaluation & { verdict: WindowsVerdict })[] {
  const { seqLen: T, predSize: P } = data.shape
  return data.homes
    .filter((h) => h.starts.test.length > 0)
    .map((h) => {
      const verdict = evaluateWithIntervals(
        model,
        forecastSeries(h.grid, h.scaler, data.features.zone),
        data.features,
        h.starts.test,
        T,
        P,
        calibrations,
      )
      return { datasetId: h.datasetId, home: h.home, test: verdict.report, verdict }
    })
}

/** The bands of a global model: every home's validation residuals pooled, in model units. */
export function calibrateHomes(
  model: ForecastModel,
  data: GlobalData,
  levels: readonly number[],
  method: IntervalMethod,
): Calibrations {
  const { seqLen: T, predSize: P } = data.shape
  const parts = data.homes.map((h) => ({
    series: forecastSeries(h.grid, h.scaler, data.features.zone),
    starts: windowStarts(h.grid.values, h.labels, 'validation', { seqLen: T, predSize: P, stride: 1 }),
  }))
  return calibrateOnWindows(model, parts, data.features, T, P, levels, method)
}

/** The pooled intervals of the homes: the model's, and those of the pooled best baseline. */
export function pooledIntervals(
  homes: { verdict: WindowsVerdict }[],
  bestBaseline: BaselineName | null,
): { intervals?: IntervalScore[]; baselineIntervals?: IntervalScore[] } {
  const intervals = poolIntervals(homes.map((h) => h.verdict.modelIntervals))
  const baseline = bestBaseline
    ? poolIntervals(homes.map((h) => h.verdict.baselineIntervals[bestBaseline] ?? []))
    : []
  return {
    ...(intervals.length > 0 && { intervals }),
    ...(baseline.length > 0 && { baselineIntervals: baseline }),
  }
}

/** Homes where the model beats the best baseline (skill > 0), and the mean skill. */
export function winsOf(homes: HomeEvaluation[]): { wins: number; scored: number; meanSkill: number | null } {
  const skills = homes.map((h) => h.test.skill).filter((s): s is number => s !== null)
  return {
    wins: skills.filter((s) => s > 0).length,
    scored: skills.length,
    meanSkill: skills.length > 0 ? skills.reduce((a, b) => a + b, 0) / skills.length : null,
  }
}

/**
 * The community total forecast as the sum of the per-home forecasts. The total is defined where every
 * included home has a reading; homes that would empty the test days' total are left out, as for the
 * community total (see choose-members.ts), but judged on the test days only, the slots that are scored;
 * homes recorded with their sign inverted are flipped, forecasts included.
 */
export function evaluateSummedTotal(model: ForecastModel, data: GlobalData): TotalEvaluation | null {
  const { seqLen: T, predSize: P } = data.shape
  const intervalMs = data.intervalSeconds * 1000
  const start = Math.min(...data.homes.map((h) => h.grid.start))
  const end = Math.max(...data.homes.map((h) => h.grid.start + h.grid.values.length * intervalMs))
  const slots = Math.round((end - start) / intervalMs)
  const offsets = data.homes.map((h) => Math.round((h.grid.start - start) / intervalMs))
  const testSlots = labelSlots(
    { start, intervalMs, values: new Float64Array(slots) },
    data.dates,
    data.features.zone,
  )
  const presence = data.homes.map((h, i) => {
    const p = new Uint8Array(slots)
    for (let t = 0; t < h.grid.values.length; t++) {
      const slot = offsets[i] + t
      p[slot] = Number.isFinite(h.grid.values[t]) && testSlots[slot] === SPLIT_CODES.test ? 1 : 0
    }
    return p
  })
  const choice = chooseMembers(presence)
  // days a meter recorded backwards count with their sign flipped, forecasts included (as in the community total)
  const backwards = data.homes.map((h) =>
    h.series.recipe.flipSign
      ? null
      : backwardsDays(h.grid.values, h.grid.start, intervalMs, data.features.zone),
  )
  const sign = (i: number, t: number) => backwards[i]?.signs[t] ?? 1
  const included = choice.choices.filter((c) => c.included).map((c) => c.index)
  const values = new Float64Array(slots).fill(NaN)
  for (let t = 0; t < slots; t++) {
    if (!choice.complete[t]) continue
    let sum = 0
    for (const i of included) sum += sign(i, t - offsets[i]) * data.homes[i].grid.values[t - offsets[i]]
    values[t] = sum
  }
  const starts = windowStarts(values, testSlots, 'test', { ...data.shape, stride: 1 })
  const homes = data.homes.map((h: GlobalHome, i) => ({
    datasetId: h.datasetId,
    home: h.home,
    included: choice.choices[i].included,
    signFlipped: (backwards[i]?.days ?? 0) > 0,
    reason: choice.choices[i].reason,
  }))
  if (starts.length === 0) return null
  const report = evaluateAgainstBaselines(values, starts, T, P, intervalMs, (chosen) => {
    const sum = new Float64Array(chosen.length * P)
    for (const i of included) {
      const own = Int32Array.from(chosen, (s) => s - offsets[i])
      const forecast = forecastWatts(model, data.homes[i].grid, own, P, data.homes[i].scaler, data.features)
      for (let k = 0; k < chosen.length; k++)
        for (let p = 0; p < P; p++) sum[k * P + p] += sign(i, own[k] + T + p) * forecast[k * P + p]
    }
    return sum
  })
  let bias = 0
  for (let k = 0; k < report.actual.length; k++) bias += report.predicted[k] - report.actual[k]
  bias = report.actual.length > 0 ? bias / report.actual.length : 0
  return { test: strip(report), bias, homes }
}
