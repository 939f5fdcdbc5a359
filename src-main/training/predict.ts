import type { ForecastModel } from '../engine/model'
import { CALENDAR_FEATURES, calendarFeatures } from './calendar'
import { inputSizeFor, windowLevel, type FeatureOptions } from './features'
import type { SeriesGrid } from './grid'
import { toScaled, toWatts, type Scaler } from './scaling'

/** Windows predicted per model call: bounds the memory of one batch. */
const PREDICT_BATCH = 1024

/**
 * Forecasts `horizon` slots after each window, in watts. For horizon ≤ predSize it is one model
 * call; beyond, it is recursive: the predictions are appended to the window (in watts, then
 * re-scaled and re-levelled like any window) and the model is called again, predSize steps at a time.
 * @param starts Int32Array [N] first input slot of each window on `grid`
 * @returns Float64Array [N, horizon] watts
 */
export function forecastWatts(
  model: ForecastModel,
  grid: SeriesGrid,
  starts: Int32Array,
  horizon: number,
  scaler: Scaler,
  options: FeatureOptions,
): Float64Array {
  const { seqLen: T, predSize: P } = model.config
  const I = inputSizeFor(options)
  if (model.config.inputSize !== I) {
    throw new Error(`The model expects ${model.config.inputSize} input features but the options give ${I}.`)
  }
  const out = new Float64Array(starts.length * horizon)
  for (let from = 0; from < starts.length; from += PREDICT_BATCH) {
    const batch = starts.subarray(from, Math.min(starts.length, from + PREDICT_BATCH))
    const B = batch.length
    // history[b] holds the window's T observed values followed by the steps forecast so far (watts)
    const history = new Float64Array(B * (T + horizon))
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) history[b * (T + horizon) + t] = grid.values[batch[b] + t]
    }
    const x = new Float64Array(B * T * I)
    const level = new Float64Array(B)
    const scaled = new Float64Array(T)
    for (let done = 0; done < horizon; done += P) {
      for (let b = 0; b < B; b++) {
        const h = b * (T + horizon) + done // the window now starts `done` steps later
        for (let t = 0; t < T; t++) scaled[t] = toScaled(scaler, history[h + t])
        level[b] = windowLevel(scaled, options.level)
        const calendar = options.calendar
          ? calendarFeatures(
              grid.start + (batch[b] + done) * grid.intervalMs,
              grid.intervalMs,
              T,
              options.zone,
            )
          : null
        for (let t = 0; t < T; t++) {
          const o = (b * T + t) * I
          x[o] = scaled[t] - level[b]
          if (calendar)
            for (let c = 0; c < CALENDAR_FEATURES; c++) x[o + 1 + c] = calendar[t * CALENDAR_FEATURES + c]
        }
      }
      const y = model.predict(x, B) // [B, P] scaled, levelled
      const take = Math.min(P, horizon - done)
      for (let b = 0; b < B; b++) {
        for (let p = 0; p < take; p++) {
          const watts = toWatts(scaler, y[b * P + p] + level[b])
          history[b * (T + horizon) + T + done + p] = watts
          out[(from + b) * horizon + done + p] = watts
        }
      }
    }
  }
  return out
}
