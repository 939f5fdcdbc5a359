import { Rng } from './rng'

/**
 * Small generators of test and benchmark data (never real households): a noiseless sine wave and a synthetic
 * daily load profile, cut into windows.
 */

/** sin(2π t / period), n samples. */
export function sineSeries(n: number, period: number, amplitude = 0.8): Float64Array {
  const s = new Float64Array(n)
  for (let t = 0; t < n; t++) s[t] = amplitude * Math.sin((2 * Math.PI * t) / period)
  return s
}

/**
 * A household-like load scaled to about [−1, 1]: a night base, a morning and a larger evening peak repeating
 * every `stepsPerDay` steps, a weekly modulation and optional Gaussian noise.
 */
export function dailyLoadSeries(n: number, stepsPerDay: number, noise = 0, seed = 1): Float64Array {
  const rng = new Rng(seed)
  const s = new Float64Array(n)
  for (let t = 0; t < n; t++) {
    const hour = ((t % stepsPerDay) / stepsPerDay) * 24
    const day = Math.floor(t / stepsPerDay)
    const bump = (centre: number, width: number) => Math.exp(-0.5 * ((hour - centre) / width) ** 2)
    const weekly = day % 7 >= 5 ? 0.15 : 0
    const load = 0.2 + 0.5 * bump(7.5, 1.2) + 0.9 * bump(19, 2) + weekly * bump(12, 3)
    s[t] = 2 * load - 1 + noise * rng.normal()
  }
  return s
}

/**
 * Sliding windows over a series: window k is series[k·stride, k·stride + T) and its target the P values after.
 * @returns x Float64Array [n, T, 1], y Float64Array [n, P]
 */
export function makeWindows(
  series: Float64Array,
  T: number,
  P: number,
  stride = 1,
): { x: Float64Array; y: Float64Array; n: number } {
  const n = Math.max(0, Math.floor((series.length - T - P) / stride) + 1)
  const x = new Float64Array(n * T)
  const y = new Float64Array(n * P)
  for (let k = 0; k < n; k++) {
    const s = k * stride
    x.set(series.subarray(s, s + T), k * T)
    y.set(series.subarray(s + T, s + T + P), k * P)
  }
  return { x, y, n }
}
