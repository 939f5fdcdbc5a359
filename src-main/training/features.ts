import { CALENDAR_FEATURES, calendarFeatures } from './calendar'
import type { SeriesGrid } from './grid'
import { toScaled, type Scaler } from './scaling'
import type { WindowShape } from './windows'

/**
 * Per-window level normalisation: subtract the window's last input value (or its mean) from its
 * inputs and targets, and add it back to the predictions. It makes a model immune to level shifts
 * between the training and test months (a move, a new appliance, a meter flipped).
 */
export type LevelNormalisation = 'none' | 'last' | 'mean'

export interface FeatureOptions {
  calendar: boolean
  level: LevelNormalisation
  zone: string
}

/** Features per time step for these options (the load, then the calendar pairs). */
export function inputSizeFor(options: Pick<FeatureOptions, 'calendar'>): number {
  return 1 + (options.calendar ? CALENDAR_FEATURES : 0)
}

export interface WindowTensors {
  /** Float64Array [N, T, I] scaled model inputs; feature 0 is the (level-normalised) load */
  x: Float64Array
  /** Float64Array [N, P] scaled, level-normalised targets */
  y: Float64Array
  /** Float64Array [N] the level subtracted from each window, in scaled units (0 when off) */
  level: Float64Array
  n: number
  inputSize: number
}

/** The level of one window of scaled loads. */
export function windowLevel(scaledInputs: ArrayLike<number>, mode: LevelNormalisation): number {
  if (mode === 'none') return 0
  if (mode === 'last') return scaledInputs[scaledInputs.length - 1]
  let sum = 0
  for (let i = 0; i < scaledInputs.length; i++) sum += scaledInputs[i]
  return sum / scaledInputs.length
}

/**
 * Builds the model tensors of the windows starting at `starts` (see windowStarts).
 * Calendar features describe each input step's own instant.
 */
export function buildWindowTensors(
  grid: SeriesGrid,
  starts: Int32Array,
  shape: WindowShape,
  scaler: Scaler,
  options: FeatureOptions,
): WindowTensors {
  const T = shape.seqLen
  const P = shape.predSize
  const I = inputSizeFor(options)
  const n = starts.length
  const x = new Float64Array(n * T * I)
  const y = new Float64Array(n * P)
  const level = new Float64Array(n)
  const inputs = new Float64Array(T)
  for (let w = 0; w < n; w++) {
    const s = starts[w]
    for (let t = 0; t < T; t++) inputs[t] = toScaled(scaler, grid.values[s + t])
    const l = windowLevel(inputs, options.level)
    level[w] = l
    const calendar = options.calendar
      ? calendarFeatures(grid.start + s * grid.intervalMs, grid.intervalMs, T, options.zone)
      : null
    for (let t = 0; t < T; t++) {
      const o = (w * T + t) * I
      x[o] = inputs[t] - l // x[w, t, 0] = load
      if (calendar)
        for (let c = 0; c < CALENDAR_FEATURES; c++) x[o + 1 + c] = calendar[t * CALENDAR_FEATURES + c]
    }
    for (let p = 0; p < P; p++) y[w * P + p] = toScaled(scaler, grid.values[s + T + p]) - l
  }
  return { x, y, level, n, inputSize: I }
}
