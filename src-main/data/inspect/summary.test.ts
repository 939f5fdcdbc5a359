import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  buildColumnSummaries,
  buildSummary,
  envelopeFromReadings,
  envelopeFromSummary,
  summaryLevels,
} from './summary'

describe('multi-resolution summary', () => {
  it('keeps levels at least 4× the interval', () => {
    expect(summaryLevels(8)).toEqual([300, 1800, 10_800, 86_400])
    expect(summaryLevels(900)).toEqual([10_800, 86_400])
  })

  it('summarises buckets by hand', () => {
    const instants = Float64Array.from([0, 100_000, 200_000, 400_000, 700_000])
    const values = Float32Array.from([1, 5, NaN, -2, 3])
    const level = buildSummary(instants, values, 0, 900_000, 300)
    expect(level.buckets).toBe(3)
    expect(Array.from(level.data)).toEqual([1, 5, 3, 2, -2, -2, -2, 1, 3, 3, 3, 1])
  })

  it('builds the same level bit for bit in WebAssembly and in JavaScript (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            step: fc.integer({ min: 1, max: 400_000 }),
            value: fc.option(fc.float({ noNaN: true }), { nil: NaN }),
          }),
          { minLength: 1, maxLength: 3000 },
        ),
        fc.integer({ min: -600_000, max: 600_000 }),
        fc.constantFrom(300, 1800),
        (readings, startShift, bucketSeconds) => {
          let t = 1_700_000_000_000
          const instants = Float64Array.from(readings, (r) => (t += r.step))
          const values = Float32Array.from(readings, (r) => r.value)
          // a start before or after the first reading, an end before the last: readings outside are skipped
          const startMs = instants[0] + startShift
          const endMs = instants[Math.floor(instants.length / 2)] + 1
          const fast = buildSummary(instants, values, startMs, endMs, bucketSeconds)
          const reference = buildSummary(instants, values, startMs, endMs, bucketSeconds, false)
          expect(fast.buckets).toBe(reference.buckets)
          expect(Buffer.from(fast.data.buffer).equals(Buffer.from(reference.data.buffer))).toBe(true)
        },
      ),
      { numRuns: 200 },
    )
  })

  it('builds long columns in WebAssembly block by block, as the JavaScript loop does', () => {
    const n = 100_000 // several blocks of the module's memory
    const instants = Float64Array.from({ length: n }, (_, i) => i * 8000 + (i % 7) * 100)
    const values = Float32Array.from({ length: n }, (_, i) => (i % 97 === 0 ? NaN : Math.sin(i / 50) * 3000))
    const fast = buildSummary(instants, values, 0, n * 8000, 300)
    const reference = buildSummary(instants, values, 0, n * 8000, 300, false)
    expect(fast.data.some((v) => v > 0)).toBe(true)
    expect(Buffer.from(fast.data.buffer).equals(Buffer.from(reference.data.buffer))).toBe(true)
  })

  it('summarises several columns in one WebAssembly pass exactly as column by column in JavaScript', () => {
    const n = 50_000
    const instants = Float64Array.from({ length: n }, (_, i) => 1_700_000_000_000 + i * 8000 + (i % 3) * 700)
    const columns = [0, 1, 2, 3].map((c) =>
      Float32Array.from({ length: n }, (_, i) =>
        (i + c) % (11 + c) === 0 ? NaN : Math.cos(i / (30 + c)) * 1000,
      ),
    )
    const startMs = instants[100] // readings before the first bucket are skipped
    const endMs = instants[n - 1] + 8000
    const fast = buildColumnSummaries(instants, columns, startMs, endMs, summaryLevels(8))
    const reference = buildColumnSummaries(instants, columns, startMs, endMs, summaryLevels(8), false)
    expect(fast.map((levels) => levels.length)).toEqual([4, 4, 4, 4])
    fast.forEach((levels, c) =>
      levels.forEach((level, k) => {
        expect(level.buckets).toBe(reference[c][k].buckets)
        expect(Buffer.from(level.data.buffer).equals(Buffer.from(reference[c][k].data.buffer))).toBe(true)
      }),
    )
  })

  it('an envelope from the summary equals the envelope of the readings when buckets align (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: -5000, max: 5000 }), { nil: NaN }), {
          minLength: 50,
          maxLength: 600,
        }),
        fc.integer({ min: 1, max: 4 }),
        (raw, perPixel) => {
          const step = 60_000 // readings every minute, summary buckets of 5 minutes
          const instants = Float64Array.from(raw, (_, i) => i * step)
          const values = Float32Array.from(raw)
          const pixelMs = perPixel * 300_000
          const points = Math.floor((raw.length * step) / pixelMs)
          if (points < 1) return
          const toMs = points * pixelMs
          const level = buildSummary(instants, values, 0, toMs, 300)
          const fromSummary = envelopeFromSummary(level, 0, toMs, points)
          const inside = instants.filter((t) => t < toMs)
          // force bucketing (the raw shortcut would return the readings themselves)
          const direct = envelopeFromReadings(
            inside,
            values.subarray(0, inside.length),
            0,
            toMs,
            points,
            step,
          )
          if (direct.raw) return
          expect(fromSummary.x).toEqual(direct.x)
          expect(fromSummary.min).toEqual(direct.min)
          expect(fromSummary.max).toEqual(direct.max)
          for (let p = 0; p < points; p++) {
            if (direct.mean[p] === null) expect(fromSummary.mean[p]).toBeNull()
            else expect(fromSummary.mean[p]).toBeCloseTo(direct.mean[p]!, 2)
          }
        },
      ),
    )
  })

  it('coarser levels built from finer ones equal levels built from the readings (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: -3000, max: 9000 }), { nil: NaN }), {
          minLength: 10,
          maxLength: 3000,
        }),
        (raw) => {
          const instants = Float64Array.from(raw, (_, i) => i * 8000)
          const values = Float32Array.from(raw)
          const endMs = raw.length * 8000
          const [[, coarse]] = buildColumnSummaries(instants, [values], 0, endMs, [300, 1800])
          const direct = buildSummary(instants, values, 0, endMs, 1800)
          expect(coarse.buckets).toBe(direct.buckets)
          for (let i = 0; i < direct.data.length; i++) {
            if (Number.isNaN(direct.data[i])) expect(coarse.data[i]).toBeNaN()
            else expect(coarse.data[i]).toBeCloseTo(direct.data[i], 2)
          }
        },
      ),
    )
  })

  it('returns the readings themselves when they fit, with a break at gaps', () => {
    const envelope = envelopeFromReadings(
      Float64Array.from([0, 1000, 5000]),
      Float32Array.from([1, NaN, 3]),
      0,
      6000,
      100,
      1000,
    )
    expect(envelope.raw).toBe(true)
    expect(envelope.x).toEqual([0, 1000, 2000, 5000])
    expect(envelope.mean).toEqual([1, null, null, 3])
  })
})
