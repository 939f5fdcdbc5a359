import { describe, expect, it } from 'vitest'
import { modelConfig, paramLayout } from './config'
import { PRECISIONS, type Precision } from './kernels/matmul'
import { adam } from './optimizer'
import { ScratchLstmModel } from './scratch-model'
import { crc32, deserializeModel, serializeModel } from './serialize'
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

async function trained(precision: Precision = 'float64') {
  const m = new ScratchLstmModel(
    modelConfig({ seqLen: 8, predSize: 2, hiddenSizes: [5, 3], dropout: 0.1, seed: 9 }),
    { precision },
  )
  await fit(m, data.x, data.y, data.n, opts)
  return m
}

describe.each(PRECISIONS)('model files in %s', (precision: Precision) => {
  it('say which precision they hold, in the header and the format version', async () => {
    const bytes = (await trained(precision)).serialize()
    const saved = deserializeModel(bytes)
    expect(saved.precision).toBe(precision)
    expect(new DataView(bytes.buffer).getUint32(8, true)).toBe(precision === 'float32' ? 2 : 1)
    const headerLength = new DataView(bytes.buffer).getUint32(12, true)
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + headerLength)))
    expect(header.precision).toBe(precision)
  })

  it('load into a model of the other precision, converted, and keep training there', async () => {
    const m = await trained(precision)
    const other: Precision = precision === 'float32' ? 'float64' : 'float32'
    const converted = ScratchLstmModel.fromBytes(m.serialize(), { precision: other })
    expect(converted.precision).toBe(other)
    expect(converted.net.params).toBeInstanceOf(other === 'float32' ? Float32Array : Float64Array)
    const want = m.getWeights()
    const got = converted.getWeights()
    // float32 → float64 is exact; float64 → float32 rounds each weight once
    expect(Array.from(got)).toEqual(Array.from(want, (v) => (other === 'float32' ? Math.fround(v) : v)))
    expect(converted.optimizerState?.step).toBe(m.optimizerState?.step)
    const back = ScratchLstmModel.fromBytes(converted.serialize())
    expect(back.precision).toBe(other)
    await fit(converted, data.x, data.y, data.n, opts)
    expect(converted.optimizerState?.step).toBe((m.optimizerState?.step ?? 0) + 2 * Math.ceil(data.n / 8))
  })

  it('round-trip bit-exactly: weights, optimizer state, random stream, metadata', async () => {
    const m = await trained(precision)
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
    const m = await trained(precision)
    const resumed = ScratchLstmModel.fromBytes(m.serialize())
    await fit(m, data.x, data.y, data.n, opts)
    await fit(resumed, data.x, data.y, data.n, opts)
    expect(Array.from(resumed.getWeights())).toEqual(Array.from(m.getWeights()))
  })

  it('rejects a damaged, truncated or foreign file with a clear error', async () => {
    const bytes = (await trained(precision)).serialize()
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
      precision,
      config: a,
      specs,
      params: new Float64Array(n),
      optimizer: null,
      rngState: [1, 2, 3, 4],
      meta: {},
    })
    expect(() => deserializeModel(bytes)).toThrow(/do not match the architecture/)
  })

  it('rejects a file whose header contradicts its format version', async () => {
    const m = await trained(precision)
    const bytes = m.serialize()
    const wrong = bytes.slice()
    // the version of the other precision, the checksum recomputed: only the contradiction is left
    new DataView(wrong.buffer).setUint32(8, precision === 'float32' ? 1 : 2, true)
    new DataView(wrong.buffer).setUint32(wrong.length - 4, crc32(wrong, 0, wrong.length - 4), true)
    expect(() => deserializeModel(wrong)).toThrow(/header says/)
  })
})

describe('model files written before the precision existed', () => {
  it('read as float64 (format version 1 without a precision in the header)', async () => {
    const m = await trained('float64')
    const old = serializeModel({
      engine: 'scratch',
      precision: 'float64',
      config: m.config,
      specs: m.specs,
      params: m.net.params,
      optimizer: null,
      rngState: m.rng.getState(),
      meta: {},
    })
    // drop the precision field as the earlier builds wrote the header
    const headerLength = new DataView(old.buffer).getUint32(12, true)
    const header = JSON.parse(new TextDecoder().decode(old.subarray(16, 16 + headerLength)))
    delete header.precision
    const legacy = serializeLegacy(header, m.net.params as Float64Array)
    const saved = deserializeModel(legacy)
    expect(saved.precision).toBe('float64')
    expect(Array.from(saved.params)).toEqual(Array.from(m.getWeights()))
  })
})

/** A version-1 file as the builds before precision wrote it (same layout, header without `precision`). */
function serializeLegacy(header: unknown, params: Float64Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header))
  const dataStart = Math.ceil((16 + json.length) / 8) * 8
  const bytes = new Uint8Array(dataStart + params.length * 8 + 4)
  const view = new DataView(bytes.buffer)
  bytes.set(new TextEncoder().encode('VFLSTM\r\n'), 0)
  view.setUint32(8, 1, true)
  view.setUint32(12, json.length, true)
  bytes.set(json, 16)
  params.forEach((v, k) => view.setFloat64(dataStart + 8 * k, v, true))
  view.setUint32(bytes.length - 4, crc32(bytes, 0, bytes.length - 4), true)
  return bytes
}
