import { describe, expect, it } from 'vitest'
import { paramLayout, modelConfig } from './config'
import { addWeightDecay, adam, clipGradNorm, FlatOptimizer, sgd } from './optimizer'

describe('optimizers', () => {
  it('Adam: the first step moves each weight by lr·g/(|g| + ε), with bias correction', () => {
    const opt = new FlatOptimizer(adam({ lr: 0.1 }), 3)
    const w = Float64Array.from([1, -2, 0.5])
    const g = Float64Array.from([0.3, -4, 1e-9])
    opt.step(w, g, 0.1)
    expect(w[0]).toBeCloseTo(1 - (0.1 * 0.3) / (0.3 + 1e-8), 14)
    expect(w[1]).toBeCloseTo(-2 + (0.1 * 4) / (4 + 1e-8), 14)
    expect(w[2]).toBeCloseTo(0.5 - (0.1 * 1e-9) / (1e-9 + 1e-8), 14)
    expect(opt.state.step).toBe(1)
  })

  it('SGD with momentum: buf = μ·buf + g, w −= lr·buf', () => {
    const opt = new FlatOptimizer(sgd({ lr: 0.5, momentum: 0.9 }), 1)
    const w = Float64Array.from([0])
    opt.step(w, Float64Array.from([1]), 0.5)
    opt.step(w, Float64Array.from([2]), 0.5)
    expect(w[0]).toBeCloseTo(-0.5 * 1 - 0.5 * (0.9 + 2), 14)
  })

  it('clips the global gradient norm and reports it', () => {
    const g = Float64Array.from([3, 4])
    expect(clipGradNorm(g, 1)).toBe(5)
    expect(Array.from(g).map((v) => +v.toFixed(12))).toEqual([0.6, 0.8])
    const h = Float64Array.from([0.3, 0.4])
    clipGradNorm(h, 1)
    expect(Array.from(h)).toEqual([0.3, 0.4])
  })

  it('decays kernels but not biases', () => {
    const specs = paramLayout(modelConfig({ seqLen: 2, predSize: 1, hiddenSizes: [1] }))
    const n = specs.reduce((s, p) => s + p.size, 0)
    const w = new Float64Array(n).fill(2)
    const g = new Float64Array(n)
    addWeightDecay(g, w, specs, 0.5)
    for (const s of specs)
      for (let k = s.offset; k < s.offset + s.size; k++) expect(g[k]).toBe(s.decay ? 1 : 0)
    expect(specs.filter((s) => !s.decay).map((s) => s.name)).toEqual(['lstm_0/bias', 'dense/bias'])
  })
})
