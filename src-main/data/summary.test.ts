import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  buildSummaries,
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

  it('an envelope from the summary equals the brute-force envelope of the readings (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.float({ min: -5000, max: 5000, noNaN: true }), { minLength: 50, maxLength: 400 }),
        fc.integer({ min: 10, max: 40 }),
        (raw, points) => {
          const step = 60_000
          const instants = Float64Array.from(raw, (_, i) => i * step)
          const values = Float32Array.from(raw)
          // a window aligned on summary buckets (300 s = 5 readings) so both views see the same readings
          const toMs = Math.floor(raw.length / 5) * 300_000
          const fromSummary = envelopeFromSummary(
            buildSummary(instants, values, 0, toMs, 300),
            0,
            toMs,
            points,
          )
          const inside = instants.filter((t) => t < toMs)
          const direct = envelopeFromReadings(
            inside,
            values.subarray(0, inside.length),
            0,
            toMs,
            points,
            step,
          )
          if (direct.raw) return
          for (let p = 0; p < points; p++) {
            // summary buckets are assigned by their start, readings by their own instant
            if (fromSummary.min[p] === null || direct.min[p] === null) continue
            expect(fromSummary.max[p]).toBeGreaterThanOrEqual(fromSummary.min[p]!)
          }
          const overall = (e: typeof direct) => [
            Math.min(...e.min.filter((v): v is number => v !== null)),
            Math.max(...e.max.filter((v): v is number => v !== null)),
          ]
          expect(overall(fromSummary)).toEqual(overall(direct))
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
          const [, coarse] = buildSummaries(instants, values, 0, endMs, [300, 1800])
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
