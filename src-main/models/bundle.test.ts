import { describe, expect, it } from 'vitest'
import { modelConfig } from '../engine/config'
import { ScratchLstmModel } from '../engine/scratch-model'
import { BundleError, decodeBundle, encodeBundle } from './bundle'
import { trainedTestModel } from './test-model'

const bytesOf = (text: string) => new TextEncoder().encode(text)

describe('.vfmodel bundle', async () => {
  const { manifest, weights } = await trainedTestModel('scratch')
  const text = encodeBundle({ name: 'first', notes: 'n', manifest, weights })

  it('round-trips name, notes, manifest and the exact weight bytes', () => {
    const back = decodeBundle(bytesOf(text), 'a.vfmodel')
    expect(back.name).toBe('first')
    expect(back.notes).toBe('n')
    expect(back.manifest).toEqual(manifest)
    expect(Buffer.from(back.weights).equals(Buffer.from(weights))).toBe(true)
    // and re-encoding gives the same file
    expect(encodeBundle(back)).toBe(text)
  })

  const refusal = (bytes: Uint8Array) => {
    try {
      decodeBundle(bytes, 'bad.vfmodel')
    } catch (error) {
      expect(error).toBeInstanceOf(BundleError)
      return (error as Error).message
    }
    throw new Error('the bundle was accepted')
  }

  it('refuses a truncated file', () => {
    expect(refusal(bytesOf(text.slice(0, Math.floor(text.length * 0.6))))).toMatch(
      /^bad\.vfmodel cannot be imported: it is not a complete JSON document, so it is truncated/,
    )
    expect(refusal(new Uint8Array(0))).toMatch(/the file is empty/)
  })

  it('refuses a tampered manifest (a scaler value changed)', () => {
    const doc = JSON.parse(text)
    doc.manifest.scaler.center += 1
    expect(refusal(bytesOf(JSON.stringify(doc)))).toMatch(/manifest does not match the file's SHA-256/)
  })

  it('refuses tampered weights (one base64 character changed)', () => {
    const doc = JSON.parse(text)
    const k = 400
    doc.weightsBase64 =
      doc.weightsBase64.slice(0, k) +
      (doc.weightsBase64[k] === 'A' ? 'B' : 'A') +
      doc.weightsBase64.slice(k + 1)
    expect(refusal(bytesOf(JSON.stringify(doc)))).toMatch(/weights do not match their SHA-256/)
  })

  it('refuses weights cut short even when the declared size was edited to match', () => {
    const doc = JSON.parse(text)
    const cut = Buffer.from(doc.weightsBase64, 'base64').subarray(0, 100)
    doc.weightsBase64 = cut.toString('base64')
    expect(refusal(bytesOf(JSON.stringify(doc)))).toMatch(/weights are 100 bytes but the file declares/)
  })

  it('refuses a consistent file whose manifest does not describe its weights', () => {
    // another architecture's weights, re-hashed as a careful forger would
    const other = new ScratchLstmModel(modelConfig({ seqLen: 16, predSize: 2, hiddenSizes: [3] })).serialize()
    const forged = encodeBundle({ name: 'x', notes: '', manifest, weights: other })
    expect(refusal(bytesOf(forged))).toMatch(/architecture differs from the weights' architecture/)
    const noScaler = encodeBundle({
      name: 'x',
      notes: '',
      manifest: { ...manifest, scaler: { ...manifest.scaler, scale: 0 } },
      weights,
    })
    expect(refusal(bytesOf(noScaler))).toMatch(/scaling parameters are missing or invalid/)
    const { dataset: _dataset, history: _history, ...partial } = manifest
    const hollow = encodeBundle({ name: 'x', notes: '', manifest: partial as typeof manifest, weights })
    expect(refusal(bytesOf(hollow))).toMatch(/its manifest lacks dataset\.home, history\.$/)
  })

  it('refuses a newer bundle version, a foreign JSON file and a bare engine file', () => {
    const doc = JSON.parse(text)
    doc.bundleVersion = 2
    expect(refusal(bytesOf(JSON.stringify(doc)))).toMatch(/bundle version 2 and this app reads version 1/)
    expect(refusal(bytesOf('{"hello": 1}'))).toMatch(/not a Voisin Forecast model bundle/)
    expect(refusal(weights)).toMatch(/bare engine weights file/)
  })
})
