import { describe, expect, it } from 'vitest'
import { modelConfig, paramLayout, type ModelConfig } from './config'
import { forecastRecursive } from './forecast'
import { PRECISIONS } from './kernels/matmul'
import type { ForecastModel } from './model'
import { Rng } from './rng'
import { ScratchLstmModel } from './scratch-model'

/** A stand-in model that records the windows it is asked about and predicts from them deterministically. */
function recordingModel(config: ModelConfig) {
  const windows: number[][] = []
  const m = {
    engine: 'scratch',
    config,
    specs: paramLayout(config),
    rng: new Rng(1),
    predict(x: Float64Array, N: number) {
      const { seqLen: T, inputSize: I, predSize: P } = config
      const y = new Float64Array(N * P)
      for (let b = 0; b < N; b++) {
        windows.push(Array.from(x.subarray(b * T * I, (b + 1) * T * I)))
        // prediction p = sum of the window's features + p (depends on every input number)
        let s = 0
        for (let k = 0; k < T * I; k++) s += x[b * T * I + k]
        for (let p = 0; p < P; p++) y[b * P + p] = s / 10 + p
      }
      return y
    },
  } as unknown as ForecastModel
  return { m, windows }
}

describe('recursive multi-step forecast', () => {
  it.each(PRECISIONS)('equals predict for a horizon within predSize (%s)', (precision) => {
    const m = new ScratchLstmModel(modelConfig({ seqLen: 6, predSize: 4, hiddenSizes: [5] }), { precision })
    const rng = new Rng(3)
    const ctx = new Float64Array(2 * 6).map(() => rng.uniform(-1, 1))
    const y = m.predict(ctx, 2)
    const f = forecastRecursive(m, ctx, 2, 3)
    expect(Array.from(f)).toEqual([y[0], y[1], y[2], y[4], y[5], y[6]])
  })

  it('feeds predictions back in as the load and takes future covariates in order', () => {
    const config = modelConfig({ seqLen: 3, predSize: 2, hiddenSizes: [2], inputSize: 2 })
    const { m, windows } = recordingModel(config)
    // one series: load l0..l2 with covariate c0..c2; future covariates 100, 101, 102, 103, 104
    const ctx = Float64Array.from([1, 10, 2, 20, 3, 30])
    const cov = Float64Array.from([100, 101, 102, 103, 104])
    const f = forecastRecursive(m, ctx, 1, 5, cov)
    expect(windows[0]).toEqual([1, 10, 2, 20, 3, 30])
    const p0 = [66 / 10, 66 / 10 + 1] // sum of the window / 10 + p
    expect(Array.from(f.subarray(0, 2))).toEqual(p0)
    expect(windows[1]).toEqual([3, 30, p0[0], 100, p0[1], 101])
    const s1 = (3 + 30 + p0[0] + 100 + p0[1] + 101) / 10
    expect(f[2]).toBeCloseTo(s1, 12)
    expect(windows[2]).toEqual(
      [s1 + 1, 101, s1, 102, s1 + 1, 103].map((v, k) => (k === 0 ? windows[1][4] : v)),
    )
    expect(f).toHaveLength(5)
  })

  it('handles predSize longer than the window', () => {
    const config = modelConfig({ seqLen: 2, predSize: 3, hiddenSizes: [2] })
    const { m, windows } = recordingModel(config)
    forecastRecursive(m, Float64Array.from([1, 2]), 1, 6)
    // second window = last 2 of [1, 2, p0, p1, p2] = [p1, p2] with p = 0.3 + p
    expect(windows[1][0]).toBeCloseTo(1.3, 12)
    expect(windows[1][1]).toBeCloseTo(2.3, 12)
  })

  it('asks for covariates when the model has more than one feature', () => {
    const config = modelConfig({ seqLen: 3, predSize: 1, hiddenSizes: [2], inputSize: 2 })
    expect(() => forecastRecursive(recordingModel(config).m, new Float64Array(6), 1, 4)).toThrow(/covariate/)
  })
})
