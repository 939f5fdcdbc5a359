import { describe, expect, it } from 'vitest'
import { fitScaler, quantile, toScaled, toWatts } from './scaling'

describe('fitScaler', () => {
  // slots 0–4 train, 5–7 test (with a huge test value that must not influence the fit)
  const values = Float64Array.from([100, 200, 300, 400, 500, 1_000_000, 50, NaN])
  const labels = Int8Array.from([0, 0, 0, 0, 0, 2, 2, 2])

  it('fits on the training readings only (min-max maps them onto [0, 1])', () => {
    const scaler = fitScaler(values, labels, 0, 'minmax')
    expect(scaler).toEqual({ method: 'minmax', center: 100, scale: 400 })
    expect(toScaled(scaler, 100)).toBe(0)
    expect(toScaled(scaler, 500)).toBe(1)
    expect(toWatts(scaler, toScaled(scaler, 321))).toBeCloseTo(321, 10)
  })

  it('standardises with the training mean and standard deviation', () => {
    const scaler = fitScaler(values, labels, 0, 'standard')
    expect(scaler.center).toBe(300)
    expect(scaler.scale).toBeCloseTo(Math.sqrt((200 ** 2 + 100 ** 2 + 0 + 100 ** 2 + 200 ** 2) / 5), 10)
  })

  it('robust scaling is not wrecked by a spike in the training data', () => {
    const spiky = Float64Array.from([100, 200, 300, 400, 500, 1e7])
    const scaler = fitScaler(spiky, new Int8Array(6), 0, 'robust')
    expect(scaler.center).toBe(350)
    expect(scaler.scale).toBe(
      quantile([100, 200, 300, 400, 500, 1e7], 0.75) - quantile([100, 200, 300, 400, 500, 1e7], 0.25),
    )
    expect(scaler.scale).toBeLessThan(1000)
    expect(fitScaler(spiky, new Int8Array(6), 0, 'minmax').scale).toBeGreaterThan(1e6)
  })

  it('keeps a constant series usable and refuses an empty one', () => {
    expect(fitScaler(Float64Array.from([7, 7]), new Int8Array(2), 0, 'standard')).toEqual({
      method: 'standard',
      center: 7,
      scale: 1,
    })
    expect(() => fitScaler(values, labels, 1, 'minmax')).toThrow(/No training readings/)
  })
})
