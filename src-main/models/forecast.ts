/**
 * Forecast with a saved model on any dataset: the input window is the model's seqLen slots before
 * `from` on the dataset's cleaned grid at the model's resolution; the forecast covers `horizon`
 * slots (recursive beyond predSize) and is set against the actual values and the naive baselines.
 * Bounded by MAX_FORECAST_STEPS, so it runs in the calling process (a few thousand model calls).
 */
import type { Queryable } from '../db/library'
import { AppError } from '../shared/result'
import {
  EARLIEST_INSTANT_MS,
  LATEST_INSTANT_MS,
  type ForecastMetrics,
  type ForecastResult,
} from '../shared/model-schemas'
import { BASELINES, baselineApplies, baselineForecast, type BaselineName } from '../training/baselines'
import { scoreForecasts, skillScore } from '../training/metrics'
import { loadModel } from '../training/model-factory'
import { forecastWatts } from '../training/predict'
import { forecastBands } from '../training/intervals/forecast-bands'
import { hoursOfInstants } from '../training/intervals/slot-hours'
import { loadForecastGrid } from './forecast-grid'
import { startAdvice, validStartRuns } from './forecast-starts'
import type { ModelManifest } from './manifest'

/**
 * Parses an ISO-8601 instant with a zone designator (or epoch ms) into epoch ms, refusing instants
 * outside 2000–2100 (the contract's window) as a request error, so no date arithmetic sees them.
 */
export function parseInstant(from: string | number): number {
  let ms = from as number
  if (typeof from === 'string') {
    if (!/(Z|[+-]\d\d:?\d\d)$/i.test(from.trim()))
      throw new AppError(
        'invalid-request',
        `"${from}" needs a zone: write it as 2021-09-01T10:00:00Z or with +02:00.`,
      )
    ms = Date.parse(from)
    if (!Number.isFinite(ms)) throw new AppError('invalid-request', `"${from}" is not an ISO-8601 instant.`)
  }
  if (!(ms >= EARLIEST_INSTANT_MS && ms <= LATEST_INSTANT_MS))
    throw new AppError(
      'invalid-request',
      `The forecast start ${typeof from === 'string' ? `"${from}"` : String(from)} is not an instant between 2000-01-01 and 2100-01-01.`,
    )
  return ms
}

const iso = (ms: number) => new Date(ms).toISOString()

export async function forecastWithModel(
  q: Queryable,
  request: { modelId: number; datasetId: number; from: string | number; horizon?: number },
): Promise<ForecastResult> {
  const fromMs = parseInstant(request.from)
  const { row, manifest, where, home, zone, grid, sourceIntervalSeconds } = await loadForecastGrid(
    q,
    request.modelId,
    request.datasetId,
    true,
  )
  const step = manifest.intervalSeconds
  const { seqLen: T, predSize: P } = manifest.window
  const horizon = request.horizon ?? P
  const offset = (fromMs - grid.start) / grid.intervalMs
  if (!Number.isInteger(offset)) {
    const before = grid.start + Math.floor(offset) * grid.intervalMs
    throw new AppError(
      'invalid-input',
      `${iso(fromMs)} is not on the ${step}-s grid of ${where}: use ${iso(before)} or ${iso(before + grid.intervalMs)}.`,
    )
  }
  const first = offset - T
  const refuse = (problem: string): never => {
    const runs = validStartRuns(grid.values, T)
    const advice = startAdvice(runs, offset, grid, zone)
    throw new AppError(
      'invalid-input',
      advice
        ? `${problem}: choose another start (${zone} time); ${advice}.`
        : `${problem}, and ${where} has no ${T} known slots of ${step} s in a row in its kept days: ` +
            `model ${request.modelId} cannot forecast on it (keep more days, or use a model with a shorter window).`,
    )
  }
  const end = grid.start + grid.values.length * grid.intervalMs
  if (first < 0 || offset > grid.values.length) {
    refuse(
      `The input window of model ${request.modelId} (${T} slots of ${step} s before ${iso(fromMs)}) lies outside ` +
        `${where}, whose data runs from ${iso(grid.start)} to ${iso(end)}`,
    )
  }
  let missing = 0
  let firstMissing = -1
  for (let t = first; t < offset; t++) {
    if (Number.isFinite(grid.values[t])) continue
    missing++
    if (firstMissing < 0) firstMissing = t
  }
  if (missing > 0) {
    refuse(
      `The input window (${iso(grid.start + first * grid.intervalMs)} to ${iso(fromMs)}) of ${where} has ${missing} ` +
        `missing reading(s), the first at ${iso(grid.start + firstMissing * grid.intervalMs)} (gap or removed day)`,
    )
  }

  const model = await loadModel(new Uint8Array(row.weights!)).catch((error: Error) => {
    throw new AppError(
      'invalid-input',
      `Model ${request.modelId}'s weights cannot be loaded: ${error.message}`,
    )
  })
  let predicted: Float64Array
  try {
    predicted = forecastWatts(model, grid, Int32Array.of(first), horizon, manifest.scaler, {
      ...manifest.features,
      zone,
    })
  } finally {
    model.dispose()
  }

  const actual: (number | null)[] = []
  const t: number[] = []
  for (let h = 0; h < horizon; h++) {
    const v = grid.values[offset + h]
    actual.push(offset + h < grid.values.length && Number.isFinite(v) ? v : null)
    t.push(fromMs + h * grid.intervalMs)
  }
  // A seasonal baseline is a fair forecast only up to its season: it may apply to the model's own
  // horizon and not to the long one.
  const baselines: Record<string, (number | null)[]> = {}
  const shortBaselines: Record<string, (number | null)[]> = {}
  const unfair: Record<string, string> = {}
  const shortUnfair: Record<string, string> = {}
  const buffer = new Float64Array(horizon)
  const beyondSeason = (name: BaselineName, steps: number) =>
    `not a fair forecast ${steps} steps ahead: it would copy values not yet known at the start ` +
    `(it looks back ${name === 'sameTimeYesterday' ? 'one day' : 'one week'})`
  for (const name of BASELINES) {
    baselineForecast(name, grid.values, offset, horizon, grid.intervalMs, buffer)
    const values = Array.from(buffer, (v) => (Number.isFinite(v) ? v : null))
    if (baselineApplies(name, horizon, grid.intervalMs)) baselines[name] = values
    else unfair[name] = beyondSeason(name, horizon)
    if (baselineApplies(name, Math.min(P, horizon), grid.intervalMs))
      shortBaselines[name] = values.slice(0, P)
    else shortUnfair[name] = beyondSeason(name, Math.min(P, horizon))
  }
  const bands = forecastBands(
    manifest.intervals,
    predicted,
    hoursOfInstants(fromMs, grid.intervalMs, horizon, zone),
    P,
    manifest.scaler.scale,
  )
  const input = {
    t: Array.from({ length: T }, (_, k) => grid.start + (first + k) * grid.intervalMs),
    values: Array.from(grid.values.subarray(first, offset)),
  }
  return {
    modelId: request.modelId,
    datasetId: request.datasetId,
    from: iso(fromMs),
    step,
    modelHorizon: P,
    t,
    predicted: Array.from(predicted),
    actual,
    baselines,
    metrics: forecastMetrics(Array.from(predicted), actual, baselines, unfair),
    modelHorizonMetrics: forecastMetrics(
      Array.from(predicted.subarray(0, P)),
      actual.slice(0, P),
      shortBaselines,
      shortUnfair,
    ),
    input,
    home,
    warnings: forecastWarnings(manifest, sourceIntervalSeconds, home, grid.values),
    ...(bands && { levels: bands.levels, lower: bands.lower, upper: bands.upper }),
  }
}

/** Why a seasonal baseline has no history here, in words. */
const MISSING_HISTORY: Record<string, string> = {
  sameTimeYesterday:
    'the values one day before these slots are missing (before the data, a gap or a removed day)',
  sameTimeLastWeek:
    'the values one week before these slots are missing (before the data, a gap or a removed day)',
}

/**
 * Scores the model over the non-null actuals, and model and baselines together on the slots where
 * the actual value and every baseline are known. When no slot has them all, the baselines that
 * look furthest back are left out (last week, then yesterday), as the test-day verdict does, so
 * one baseline without history does not leave the others unscored. Each baseline without figures
 * is in `unscored` with why (`unfair` holds those already left out for the horizon).
 */
export function forecastMetrics(
  predicted: number[],
  actual: (number | null)[],
  baselines: Record<string, (number | null)[]>,
  unfair: Record<string, string> = {},
): ForecastResult['metrics'] {
  const score = (forecast: (number | null)[], keep: (h: number) => boolean): ForecastMetrics | null => {
    const p: number[] = []
    const a: number[] = []
    for (let h = 0; h < actual.length; h++) {
      const f = forecast[h]
      const v = actual[h]
      if (v === null || f === null || !keep(h)) continue
      p.push(f)
      a.push(v)
    }
    if (a.length === 0) return null
    const m = scoreForecasts(Float64Array.from(p), Float64Array.from(a), a.length, 1).overall
    return { mae: m.mae, rmse: m.rmse, mape: m.mape, smape: m.smape, r2: m.r2, n: m.n }
  }
  const unscored: Record<string, string> = { ...unfair }
  let names = Object.keys(baselines)
  const allKnown = (h: number) => actual[h] !== null && names.every((name) => baselines[name][h] !== null)
  const anyCommon = () => actual.some((_, h) => allKnown(h))
  const noActual = actual.every((v) => v === null)
  for (const demanding of ['sameTimeLastWeek', 'sameTimeYesterday']) {
    if (noActual || anyCommon()) break
    if (!names.includes(demanding)) continue
    names = names.filter((name) => name !== demanding)
    unscored[demanding] = MISSING_HISTORY[demanding]
  }
  const everyBaseline = (h: number) => names.every((name) => baselines[name][h] !== null)
  const model = score(predicted, () => true) ?? {
    mae: null,
    rmse: null,
    mape: null,
    smape: null,
    r2: null,
    n: 0,
  }
  const common: Record<string, ForecastMetrics | null> = {}
  for (const name of Object.keys(baselines)) {
    common[name] = names.includes(name) ? score(baselines[name], everyBaseline) : null
    if (common[name] === null && !unscored[name])
      unscored[name] = noActual
        ? 'no actual value to score against (the forecast runs past the data or through a gap)'
        : 'no slot where the actual value and every baseline are known'
  }
  const modelOnCommon = score(predicted, everyBaseline)
  const skill =
    modelOnCommon?.mae != null
      ? skillScore(
          modelOnCommon.mae,
          names.map((name) => common[name]?.mae),
        )
      : null
  return { ...model, baselines: common, skill, unscored }
}

/** Plain warnings when the data differs from what the model learned on. */
function forecastWarnings(
  manifest: ModelManifest,
  sourceInterval: number,
  home: string,
  values: Float64Array,
): string[] {
  const warnings: string[] = []
  const trainedOn = manifest.sourceIntervalSeconds
  if (trainedOn !== undefined && trainedOn !== sourceInterval) {
    warnings.push(
      `This dataset's readings are ${sourceInterval} s apart; the model was trained on readings ${trainedOn} s apart ` +
        `(both averaged to ${manifest.intervalSeconds} s). Averaging smooths peaks differently, so expect other errors.`,
    )
  }
  if (home !== manifest.dataset.home)
    warnings.push(`The model was trained on household ${manifest.dataset.home}; this is ${home}.`)
  const reference =
    manifest.trainingStats ??
    (manifest.scaler.method === 'standard'
      ? { mean: manifest.scaler.center, std: manifest.scaler.scale }
      : null)
  let n = 0
  let sum = 0
  let sq = 0
  for (const v of values) {
    if (!Number.isFinite(v)) continue
    n++
    sum += v
    sq += v * v
  }
  if (reference && n > 0) {
    const mean = sum / n
    const std = Math.sqrt(Math.max(0, sq / n - mean * mean))
    const far = (a: number, b: number) => Math.abs(b) > 1e-9 && (a / b > 2 || a / b < 0.5)
    if (far(mean, reference.mean) || far(std, reference.std)) {
      warnings.push(
        `This dataset's scale is far from the training data's: mean ${mean.toFixed(0)} W (std ${std.toFixed(0)} W) ` +
          `against ${reference.mean.toFixed(0)} W (std ${reference.std.toFixed(0)} W). The model's scaling was fitted on the latter.`,
      )
    }
  }
  return warnings
}
