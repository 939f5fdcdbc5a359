export type ScalingMethod = 'minmax' | 'standard' | 'robust'

/**
 * An affine map from watts to model units: scaled = (watts − center) / scale. Min-max (the
 * study's) maps the training range onto [0, 1]; standard uses mean and standard deviation;
 * robust uses median and interquartile range, so a few spikes cannot squash everything else.
 */
export interface Scaler {
  method: ScalingMethod
  center: number
  scale: number
}

/**
 * Fits a scaler on the finite values of the training slots only.
 * @param values Float64Array [T] watts
 * @param include which slots may be used (the training split), Int8Array [T] labels compared with `code`
 */
export function fitScaler(
  values: Float64Array,
  include: Int8Array,
  code: number,
  method: ScalingMethod,
): Scaler {
  const sample: number[] = []
  for (let t = 0; t < values.length; t++)
    if (include[t] === code && Number.isFinite(values[t])) sample.push(values[t])
  if (sample.length === 0) throw new Error('No training readings to fit the scaling on.')
  let center: number
  let scale: number
  if (method === 'minmax') {
    let min = Infinity
    let max = -Infinity
    for (const v of sample) {
      if (v < min) min = v
      if (v > max) max = v
    }
    center = min
    scale = max - min
  } else if (method === 'standard') {
    const mean = sample.reduce((a, b) => a + b, 0) / sample.length
    const variance = sample.reduce((a, v) => a + (v - mean) ** 2, 0) / sample.length
    center = mean
    scale = Math.sqrt(variance)
  } else {
    const sorted = Float64Array.from(sample).sort()
    center = quantile(sorted, 0.5)
    scale = quantile(sorted, 0.75) - quantile(sorted, 0.25)
  }
  // a constant training series has no spread: keep the offset, do not divide by zero
  if (!(scale > 1e-9)) scale = 1
  return { method, center, scale }
}

/** Linear-interpolated quantile of an ascending array. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN
  const position = (sorted.length - 1) * q
  const lower = Math.floor(position)
  const upper = Math.ceil(position)
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower)
}

export const toScaled = (scaler: Scaler, watts: number): number => (watts - scaler.center) / scaler.scale
export const toWatts = (scaler: Scaler, scaled: number): number => scaled * scaler.scale + scaler.center
