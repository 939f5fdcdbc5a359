import type { ForecastModel } from './model'

/**
 * Recursive multi-step forecast for horizons longer than predSize: predict P steps, append them to the window
 * (as feature 0, the load), drop the oldest P steps, and repeat until `horizon` steps are forecast.
 *
 * @param context   Float64Array [B, T, I] the last T observed steps of each series
 * @param horizon   number of future steps to forecast
 * @param covariates Float64Array [B, horizon, I − 1]: the other features (calendar) of the future steps;
 *                  required when I > 1
 * @returns Float64Array [B, horizon]
 */
export function forecastRecursive(
  model: ForecastModel,
  context: Float64Array,
  B: number,
  horizon: number,
  covariates?: Float64Array,
): Float64Array {
  const { seqLen: T, inputSize: I, predSize: P } = model.config
  if (context.length < B * T * I) throw new Error(`forecast: context must be [${B}, ${T}, ${I}]`)
  const C = I - 1
  if (C > 0 && (!covariates || covariates.length < B * horizon * C)) {
    throw new Error(`forecast: ${C} covariate feature(s) per future step needed, [${B}, ${horizon}, ${C}]`)
  }
  const out = new Float64Array(B * horizon)
  const window = context.slice(0, B * T * I)
  const next = new Float64Array(B * T * I)
  for (let done = 0; done < horizon; done += P) {
    const y = model.predict(window, B) // [B, P]
    const take = Math.min(P, horizon - done)
    for (let b = 0; b < B; b++) {
      for (let p = 0; p < take; p++) out[b * horizon + done + p] = y[b * P + p]
    }
    if (done + P >= horizon) break
    // next window: the last T steps of (current window, then the P predicted steps with their covariates)
    for (let b = 0; b < B; b++) {
      const w = b * T * I
      for (let s = 0; s < T; s++) {
        const src = s + P // position in the window extended by the P predictions
        const dst = w + s * I
        if (src < T) {
          for (let i = 0; i < I; i++) next[dst + i] = window[w + src * I + i]
        } else {
          const p = src - T
          next[dst] = y[b * P + p]
          const f = done + p // index of this step among the forecast steps
          for (let c = 0; c < C; c++)
            next[dst + 1 + c] = (covariates as Float64Array)[(b * horizon + f) * C + c]
        }
      }
    }
    window.set(next)
  }
  return out
}
