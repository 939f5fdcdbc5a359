/**
 * One home's share of a global model's windows: its cleaned series scaled with statistics of its own
 * training days (so the model sees shapes, not kilowatts), with the calendar features of every slot
 * computed once, so a window is written by copying (windows are built on demand, never all at once).
 */
import { CALENDAR_FEATURES, calendarFeatures } from '../calendar'
import { inputSizeFor, windowLevel, type FeatureOptions } from '../features'
import type { SeriesGrid } from '../grid'
import { toScaled, type Scaler } from '../scaling'
import type { WindowShape } from '../windows'

/** Above this many slots (a year of 8-s readings is 4 M) calendar features are computed per window instead of stored. */
const CALENDAR_TABLE_MAX_SLOTS = 500_000

export class HomeWindows {
  /** [T] the home's readings in model units (NaN = missing) */
  private readonly scaled: Float64Array
  /** [T, 4] calendar features of every slot, or null when the model has none */
  private readonly calendar: Float64Array | null
  readonly inputSize: number
  private readonly inputs: Float64Array

  constructor(
    readonly grid: SeriesGrid,
    readonly scaler: Scaler,
    readonly shape: WindowShape,
    readonly features: FeatureOptions,
  ) {
    this.scaled = grid.values.map((v) => toScaled(scaler, v))
    this.calendar =
      features.calendar && grid.values.length <= CALENDAR_TABLE_MAX_SLOTS
        ? calendarFeatures(grid.start, grid.intervalMs, grid.values.length, features.zone)
        : null
    this.inputSize = inputSizeFor(features)
    this.inputs = new Float64Array(shape.seqLen)
  }

  /**
   * Writes the window starting at slot `start`: x [T, I] at `x[xAt…]`, y [P] at `y[yAt…]`, level
   * normalised as the home pipeline does (features.ts, buildWindowTensors).
   */
  write(start: number, x: Float64Array, xAt: number, y: Float64Array, yAt: number): void {
    const { seqLen: T, predSize: P } = this.shape
    const I = this.inputSize
    for (let t = 0; t < T; t++) this.inputs[t] = this.scaled[start + t]
    const level = windowLevel(this.inputs, this.features.level)
    // the calendar of the window's own slots: from the table, or computed for this window
    const table = this.calendar
    const own =
      !table && this.features.calendar
        ? calendarFeatures(
            this.grid.start + start * this.grid.intervalMs,
            this.grid.intervalMs,
            T,
            this.features.zone,
          )
        : null
    for (let t = 0; t < T; t++) {
      const o = xAt + t * I
      x[o] = this.inputs[t] - level // x[t, 0] = load
      if (table) {
        const c = (start + t) * CALENDAR_FEATURES
        for (let k = 0; k < CALENDAR_FEATURES; k++) x[o + 1 + k] = table[c + k]
      } else if (own) {
        for (let k = 0; k < CALENDAR_FEATURES; k++) x[o + 1 + k] = own[t * CALENDAR_FEATURES + k]
      }
    }
    for (let p = 0; p < P; p++) y[yAt + p] = this.scaled[start + T + p] - level
  }
}
