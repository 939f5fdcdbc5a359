/**
 * Forecast with a saved model on any dataset: the input window is the model's seqLen slots before
 * `from` on the dataset's cleaned grid at the model's resolution; the forecast covers `horizon`
 * slots (recursive beyond predSize) and is set against the actual values and the naive baselines.
 * Bounded by MAX_FORECAST_STEPS, so it runs in the calling process (a few thousand model calls).
 */
import { loadCleanSeries, type CleaningRecipe, type PowerColumn } from '../data/cleaning/clean-series'
import { loadDatasetRow } from '../data/store/stored-readings'
import type { Queryable } from '../db/library'
import { AppError } from '../shared/result'
import {
  EARLIEST_INSTANT_MS,
  LATEST_INSTANT_MS,
  type ForecastMetrics,
  type ForecastResult,
} from '../shared/model-schemas'
import { BASELINES, baselineApplies, baselineForecast } from '../training/baselines'
import { scoreForecasts, skillScore } from '../training/metrics'
import { loadModel } from '../training/model-factory'
import { forecastWatts } from '../training/predict'
import { forecastBands } from '../training/intervals/forecast-bands'
import { hoursOfInstants } from '../training/intervals/slot-hours'
import type { ModelManifest } from './manifest'
import { getModelRow, parseManifest } from './model-store'

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
  const row = await getModelRow(q, request.modelId, true)
  const manifest = parseManifest(row)
  const dataset = await loadDatasetRow(q, request.datasetId)
  const step = manifest.intervalSeconds
  const where = `dataset ${request.datasetId} (${dataset.home})`
  if (dataset.interval_seconds > step) {
    throw new AppError(
      'invalid-input',
      `Model ${request.modelId} reads one value every ${step} s but ${where} has readings every ` +
        `${dataset.interval_seconds} s, coarser than ${step} s: choose a dataset with readings at least every ${step} s.`,
    )
  }
  const params = manifest.params
  // On its own training data the model sees exactly the cleaning it was trained with; elsewhere the
  // dataset's own recipe (sign, spikes are properties of that meter) with the run's explicit overrides.
  const ownData = row.dataset_id === request.datasetId
  const series = await loadCleanSeries(q, request.datasetId, manifest.column as PowerColumn, {
    ...(ownData ? (manifest.dataset.recipe as Partial<CleaningRecipe>) : {}),
    minCompleteness: params.minCompleteness,
    treatZeroRowsAsMissing: params.zeroRowsAsMissing,
    resampleSeconds: step === dataset.interval_seconds ? null : step,
  })
  const grid = { start: series.start, intervalMs: series.intervalSeconds * 1000, values: series.values }
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
  const end = grid.start + grid.values.length * grid.intervalMs
  if (first < 0 || offset > grid.values.length) {
    throw new AppError(
      'invalid-input',
      `The input window of model ${request.modelId} (${T} slots of ${step} s before ${iso(fromMs)}) lies outside ` +
        `${where}, whose data runs from ${iso(grid.start)} to ${iso(end)}: choose a start between ` +
        `${iso(grid.start + T * grid.intervalMs)} and ${iso(end)}.`,
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
    throw new AppError(
      'invalid-input',
      `The input window (${iso(grid.start + first * grid.intervalMs)} to ${iso(fromMs)}) of ${where} has ${missing} ` +
        `missing reading(s), the first at ${iso(grid.start + firstMissing * grid.intervalMs)} (gap or removed day): choose another start time.`,
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
      zone: series.zone,
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
  const buffer = new Float64Array(horizon)
  for (const name of BASELINES) {
    baselineForecast(name, grid.values, offset, horizon, grid.intervalMs, buffer)
    const values = Array.from(buffer, (v) => (Number.isFinite(v) ? v : null))
    if (baselineApplies(name, horizon, grid.intervalMs)) baselines[name] = values
    if (baselineApplies(name, Math.min(P, horizon), grid.intervalMs))
      shortBaselines[name] = values.slice(0, P)
  }
  const bands = forecastBands(
    manifest.intervals,
    predicted,
    hoursOfInstants(fromMs, grid.intervalMs, horizon, series.zone),
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
    metrics: forecastMetrics(Array.from(predicted), actual, baselines),
    modelHorizonMetrics: forecastMetrics(
      Array.from(predicted.subarray(0, P)),
      actual.slice(0, P),
      shortBaselines,
    ),
    input,
    home: series.home,
    warnings: forecastWarnings(manifest, dataset.interval_seconds, series.home, grid.values),
    ...(bands && { levels: bands.levels, lower: bands.lower, upper: bands.upper }),
  }
}

/** Scores the model over the non-null actuals, and model and baselines together where all are known. */
export function forecastMetrics(
  predicted: number[],
  actual: (number | null)[],
  baselines: Record<string, (number | null)[]>,
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
  const names = Object.keys(baselines)
  const everyBaseline = (h: number) => names.every((name) => baselines[name][h] !== null)
  const model = score(predicted, () => true) ?? {
    mae: null,
    rmse: null,
    mape: null,
    smape: null,
    r2: null,
    n: 0,
  }
  const common = Object.fromEntries(names.map((name) => [name, score(baselines[name], everyBaseline)]))
  const modelOnCommon = score(predicted, everyBaseline)
  const skill =
    modelOnCommon?.mae != null
      ? skillScore(
          modelOnCommon.mae,
          names.map((name) => common[name]?.mae),
        )
      : null
  return { ...model, baselines: common, skill }
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
