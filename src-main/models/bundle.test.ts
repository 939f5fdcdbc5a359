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

  it('refuses a name longer than a rename allows (1 MB), without echoing it', () => {
    const huge = encodeBundle({ name: 'n'.repeat(1 << 20), notes: '', manifest, weights })
    const message = refusal(bytesOf(huge))
    expect(message).toBe('bad.vfmodel cannot be imported: its name is 1048576 characters long (at most 200).')
    const blank = encodeBundle({ name: '   ', notes: '', manifest, weights })
    expect(refusal(bytesOf(blank))).toMatch(/its name is empty/)
    const notes = encodeBundle({ name: 'x', notes: 'n'.repeat(20_001), manifest, weights })
    expect(refusal(bytesOf(notes))).toMatch(/its notes are 20001 characters long \(at most 20000\)/)
  })

  it('refuses overlong manifest fields, re-hashed as a careful forger would', () => {
    const forged = (patch: Record<string, unknown>) =>
      bytesOf(encodeBundle({ name: 'x', notes: '', manifest: { ...manifest, ...patch }, weights }))
    expect(refusal(forged({ dataset: { ...manifest.dataset, home: 'H'.repeat(1 << 20) } }))).toMatch(
      /its manifest field dataset\.home is longer than 100 characters\.$/,
    )
    expect(refusal(forged({ params: { ...manifest.params, name: 'p'.repeat(201) } }))).toMatch(
      /its manifest field params\.name is longer than 200 characters/,
    )
    expect(refusal(forged({ split: { ...manifest.split, test: ['tomorrow'] } }))).toMatch(
      /its manifest field split\.test\.0 is not a YYYY-MM-DD day/,
    )
    // a field this app does not know passes, but not as a megabyte of text
    expect(refusal(forged({ extra: { deep: ['z'.repeat(30_000)] } }))).toMatch(
      /its manifest\.extra\.deep\[0\] is 30000 characters long \(at most 20000\)/,
    )
    const fine = decodeBundle(forged({ extra: { deep: ['short'] } }), 'ok.vfmodel')
    expect((fine.manifest as unknown as { extra: unknown }).extra).toEqual({ deep: ['short'] })
  })

  it('refuses a file holding a "__proto__" or "constructor" key anywhere', () => {
    // JSON.parse keeps "__proto__" as an own key, so the forger's hash covers it
    const poisoned = JSON.parse(
      JSON.stringify(manifest).replace('"params":{', '"params":{"__proto__":{"polluted":true},'),
    )
    expect(Object.keys(poisoned.params)).toContain('__proto__')
    const file = encodeBundle({ name: 'x', notes: '', manifest: poisoned, weights })
    expect(refusal(bytesOf(file))).toBe(
      'bad.vfmodel cannot be imported: it holds the key "__proto__" (at manifest.params.__proto__), which no model file has.',
    )
    const escaped = file.replace('"__proto__"', '"\\u005f_proto__"')
    expect(refusal(bytesOf(escaped))).toMatch(/holds the key "__proto__"/)
    const ctor = encodeBundle({
      name: 'x',
      notes: '',
      manifest: { ...manifest, constructor: 1 } as never,
      weights,
    })
    expect(refusal(bytesOf(ctor))).toMatch(/holds the key "constructor" \(at manifest\.constructor\)/)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})
