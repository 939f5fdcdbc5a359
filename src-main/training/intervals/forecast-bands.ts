/**
 * The bands of one forecast with a saved model (`model:forecast`, `predict`): steps within the model's
 * own horizon use the calibration of its one-call windows, later (recursive) steps the calibration of
 * the recursive long horizon; beyond the calibrated steps the last one is used (the long horizon spans a
 * whole day, so the uncertainty of a later step is that of the same step a day earlier, roughly).
 */
import type { ModelIntervals } from '../pipeline'
import type { IntervalCalibration } from './conformal'

export interface ForecastBands {
  levels: number[]
  /** per level (key: the level as written, e.g. "0.8"): bounds in watts, one per forecast step */
  lower: Record<string, number[]>
  upper: Record<string, number[]>
}

/**
 * @param predicted Float64Array [H] watts
 * @param hours Uint8Array [H] local hour of each forecast slot
 * @param scale watts per model unit of the scaler the forecast used
 */
export function forecastBands(
  intervals: ModelIntervals | undefined,
  predicted: Float64Array,
  hours: Uint8Array,
  predSize: number,
  scale: number,
): ForecastBands | null {
  const short = intervals?.horizon
  if (!intervals || !short) return null
  const pick = (h: number): IntervalCalibration => (h < predSize || !intervals.long ? short : intervals.long)
  const bands: ForecastBands = { levels: [...short.levels], lower: {}, upper: {} }
  short.levels.forEach((level) => {
    const lower: number[] = []
    const upper: number[] = []
    for (let h = 0; h < predicted.length; h++) {
      const calibration = pick(h)
      const l = calibration.levels.indexOf(level)
      const step = Math.min(h, calibration.steps - 1)
      const unit = scale * (calibration.hourScale ? calibration.hourScale[hours[h]] : 1)
      lower.push(predicted[h] + calibration.lower[l][step] * unit)
      upper.push(predicted[h] + calibration.upper[l][step] * unit)
    }
    bands.lower[String(level)] = lower
    bands.upper[String(level)] = upper
  })
  return bands
}
