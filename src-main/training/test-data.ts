import { buildWindowTensors, type FeatureOptions } from './features'
import type { SeriesGrid } from './grid'
import type { PreparedData } from './prepare'
import { fitScaler, type ScalingMethod } from './scaling'
import { labelSlots, splitDays } from './split'
import { windowStarts, type WindowShape } from './windows'

/**
 * A household-like 15-min series for tests: a daily profile (night base, morning and evening peaks)
 * whose amplitude drifts from day to day, plus seeded noise. Watts on a UTC grid starting at a
 * UTC midnight; the zone of the days is UTC so day boundaries are plain.
 */
export function syntheticLoad(days: number, seed = 7): SeriesGrid {
  let state = seed >>> 0
  const random = () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
  const values = new Float64Array(days * 96)
  for (let d = 0; d < days; d++) {
    const amplitude = 0.8 + 0.4 * random()
    for (let q = 0; q < 96; q++) {
      const hour = q / 4
      const profile = 200 + 600 * Math.exp(-((hour - 8) ** 2) / 2) + 900 * Math.exp(-((hour - 19.5) ** 2) / 3)
      values[d * 96 + q] = profile * amplitude + 40 * (random() - 0.5)
    }
  }
  return { start: Date.UTC(2022, 0, 3), intervalMs: 900_000, values }
}

/** PreparedData built by hand from a grid (what prepareTrainingData derives from a stored dataset). */
export function prepareFromGrid(
  grid: SeriesGrid,
  shape: WindowShape,
  options: { scaling?: ScalingMethod; features?: Partial<FeatureOptions> } = {},
): PreparedData {
  const dayCount = Math.round((grid.values.length * grid.intervalMs) / 86_400_000)
  const days = Array.from({ length: dayCount }, (_, d) =>
    new Date(grid.start + d * 86_400_000).toISOString().slice(0, 10),
  )
  const split = splitDays(days)
  const labels = labelSlots(grid, split, 'UTC')
  const starts = {
    train: windowStarts(grid.values, labels, 'train', shape),
    validation: windowStarts(grid.values, labels, 'validation', shape),
    test: windowStarts(grid.values, labels, 'test', { ...shape, stride: 1 }),
  }
  const scaler = fitScaler(grid.values, labels, 0, options.scaling ?? 'standard')
  const features: FeatureOptions = { calendar: false, level: 'none', zone: 'UTC', ...options.features }
  return {
    series: {
      datasetId: 1,
      home: 'SYN001',
      column: 'p_cons',
      zone: 'UTC',
      intervalSeconds: grid.intervalMs / 1000,
      start: grid.start,
      values: grid.values,
      keptDays: days,
      removedDays: [],
      recipe: {
        minCompleteness: 0.9,
        dropZeroDominatedDays: false,
        fillGapsUpToSeconds: 0,
        flipSign: false,
        spikeThresholdW: null,
        treatZeroRowsAsMissing: true,
        resampleSeconds: null,
      },
    },
    grid,
    splitBy: 'days',
    days: split,
    labels,
    shape,
    starts,
    scaler,
    features,
    train: buildWindowTensors(grid, starts.train, shape, scaler, features),
    validation: buildWindowTensors(grid, starts.validation, shape, scaler, features),
  }
}
