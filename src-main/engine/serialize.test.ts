import { describe, expect, it } from 'vitest'
import { modelConfig, paramLayout } from './config'
import { adam } from './optimizer'
import { ScratchLstmModel } from './scratch-model'
import { deserializeModel, serializeModel } from './serialize'
import { makeWindows, sineSeries } from './synthetic'
import { fit, type FitOptions } from './trainer'

const opts: FitOptions = {
  epochs: 2,
  batchSize: 8,
  optimizer: adam({ lr: 0.01 }),
  loss: 'mae',
  clipNorm: 0,
  weightDecay: 0,
}
const data = makeWindows(sineSeries(120, 24), 8, 2)

async function trained() {
  const m = new ScratchLstmModel(
    modelConfig({ seqLen: 8, predSize: 2, hiddenSizes: [5, 3], dropout: 0.1, seed: 9 }),
  )
  await fit(m, data.x, data.y, data.n, opts)
  return m
}

describe('model files', () => {
  it('round-trip bit-exactly: weights, optimizer state, random stream, metadata', async () => {
    const m = await trained()
    const bytes = m.serialize({ scaler: { min: -1, max: 1 } })
    const saved = deserializeModel(bytes)
    expect(saved.config).toEqual(m.config)
    expect(saved.meta).toEqual({ scaler: { min: -1, max: 1 } })
    const back = ScratchLstmModel.fromBytes(bytes)
    expect(Array.from(back.getWeights())).toEqual(Array.from(m.getWeights()))
    expect(back.optimizerState?.step).toBe(m.optimizerState?.step)
    expect(Array.from(back.optimizerState?.v ?? [])).toEqual(Array.from(m.optimizerState?.v ?? []))
    // writing the loaded model again gives the same bytes
    expect(Buffer.from(back.serialize({ scaler: { min: -1, max: 1 } })).equals(Buffer.from(bytes))).toBe(true)
  })

  it('resumes training exactly where it stopped', async () => {
    const m = await trained()
    const resumed = ScratchLstmModel.fromBytes(m.serialize())
    await fit(m, data.x, data.y, data.n, opts)
    await fit(resumed, data.x, data.y, data.n, opts)
    expect(Array.from(resumed.getWeights())).toEqual(Array.from(m.getWeights()))
  })

  it('rejects a damaged, truncated or foreign file with a clear error', async () => {
    const bytes = (await trained()).serialize()
    const flipped = bytes.slice()
    flipped[Math.floor(bytes.length / 2)] ^= 0x10
    expect(() => deserializeModel(flipped)).toThrow(/checksum/)
    expect(() => deserializeModel(bytes.subarray(0, bytes.length - 9))).toThrow(/checksum|not a valid/)
    expect(() =>
      deserializeModel(new TextEncoder().encode('{"hello": "world", "padding": 1234567}')),
    ).toThrow(/magic/)
    expect(() => deserializeModel(new Uint8Array(3))).toThrow(/only 3 bytes/)
    const future = bytes.slice()
    new DataView(future.buffer).setUint32(8, 99, true)
    expect(() => deserializeModel(future)).toThrow(/version 99/)
  })

  it('rejects weights that do not match the declared architecture', () => {
    const a = modelConfig({ seqLen: 4, predSize: 1, hiddenSizes: [3] })
    const b = modelConfig({ seqLen: 4, predSize: 1, hiddenSizes: [4] })
    const specs = paramLayout(b)
    const n = specs.reduce((s, p) => s + p.size, 0)
    const bytes = serializeModel({
      engine: 'scratch',
      config: a,
      specs,
      params: new Float64Array(n),
      optimizer: null,
      rngState: [1, 2, 3, 4],
      meta: {},
    })
    expect(() => deserializeModel(bytes)).toThrow(/do not match the architecture/)
  })
})
