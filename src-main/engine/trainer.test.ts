import { describe, expect, it } from 'vitest'
import { modelConfig } from './config'
import { adam } from './optimizer'
import { ScratchLstmModel } from './scratch-model'
import { dailyLoadSeries, makeWindows } from './synthetic'
import { evaluateLoss, fit, fitWindows, type FitOptions, type WindowSource } from './trainer'

const options = (validation?: FitOptions['validation']): FitOptions => ({
  epochs: 3,
  batchSize: 16,
  optimizer: adam({ lr: 0.01 }),
  loss: 'mae',
  clipNorm: 1,
  weightDecay: 0,
  validation,
})

/** The same windows, built one by one on demand from the series (as a global model's homes are). */
function onDemand(
  series: Float64Array,
  T: number,
  P: number,
  n: number,
): WindowSource & { gathered: number } {
  const source = {
    n,
    gathered: 0,
    gather(order: Uint32Array, from: number, count: number, x: Float64Array, y: Float64Array) {
      for (let b = 0; b < count; b++) {
        const w = order[from + b]
        for (let t = 0; t < T; t++) x[b * T + t] = series[w + t]
        for (let p = 0; p < P; p++) y[b * P + p] = series[w + T + p]
      }
      source.gathered += count
    },
  }
  return source
}

describe('fitWindows: training on windows built on demand', () => {
  it('gives bit for bit the weights of fit on the same windows in arrays', async () => {
    const T = 12
    const P = 2
    const series = dailyLoadSeries(400, 24, 0.05, 3)
    const d = makeWindows(series, T, P)
    const config = modelConfig({ seqLen: T, predSize: P, hiddenSizes: [8], seed: 5 })
    // models built one after the other: see the note on wasm arenas in docs/engine.md
    const fromArrays = new ScratchLstmModel(config)
    const a = await fit(fromArrays, d.x, d.y, d.n, options())
    const fromSource = new ScratchLstmModel(config)
    const train = onDemand(series, T, P, d.n)
    const b = await fitWindows(fromSource, train, options())
    expect(train.gathered).toBe(3 * d.n)
    expect(Array.from(fromSource.getWeights())).toEqual(Array.from(fromArrays.getWeights()))
    expect(b.history.map((h) => h.loss)).toEqual(a.history.map((h) => h.loss))
  })

  it('reports the validation loss of windows built on demand as of the same windows in arrays', async () => {
    const T = 12
    const series = dailyLoadSeries(400, 24, 0.05, 4)
    const d = makeWindows(series, T, 1)
    const config = modelConfig({ seqLen: T, predSize: 1, hiddenSizes: [8], seed: 2 })
    const a = await fit(new ScratchLstmModel(config), d.x, d.y, d.n, options(d))
    const b = await fitWindows(
      new ScratchLstmModel(config),
      onDemand(series, T, 1, d.n),
      options(onDemand(series, T, 1, d.n)),
    )
    for (let e = 0; e < 3; e++) expect(b.history[e].valLoss).toBeCloseTo(a.history[e].valLoss!, 9)
  })

  it('evaluates a source larger than one chunk with the mean over every window', () => {
    const T = 6
    const series = dailyLoadSeries(3000, 24, 0.1, 9)
    const d = makeWindows(series, T, 1)
    expect(d.n).toBeGreaterThan(2048)
    const m = new ScratchLstmModel(modelConfig({ seqLen: T, predSize: 1, hiddenSizes: [4] }))
    const whole = evaluateLoss(m, d, 'mse')
    const chunked = evaluateLoss(m, onDemand(series, T, 1, d.n), 'mse')
    expect(chunked.loss).toBeCloseTo(whole.loss, 12)
    expect(chunked.perStep[0]).toBeCloseTo(whole.perStep[0], 12)
  })
})
