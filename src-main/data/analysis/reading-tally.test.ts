/** The WebAssembly pass of the analysis against the JavaScript loop: the same tally, sums bit for bit. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { MergedReadings } from '../import/merge-readings'
import { tallyReadings, type TallyRules } from './reading-tally'

const RULES: Omit<TallyRules, 'dayEnds'> = { stepMs: 8000, minZeroRun: 3, minFlatRun: 4, spikeW: 100_000 }

/** Ends of "days" of `width` ms from the first reading's, until one ends after the last reading. */
function dayEnds(instants: Float64Array, width: number): number[] {
  if (instants.length === 0) return []
  const ends = [Math.floor(instants[0] / width) * width + width]
  while (ends[ends.length - 1] <= instants[instants.length - 1]) ends.push(ends[ends.length - 1] + width)
  return ends
}

function merged(
  instants: Float64Array,
  cons: Float32Array,
  prod: Float32Array,
  tot: Float32Array,
): MergedReadings {
  const zero = Uint8Array.from(cons, (c, i) => (c === 0 && prod[i] === 0 && tot[i] === 0 ? 1 : 0))
  return {
    home: 'T',
    instants,
    columnNames: ['p_cons', 'p_prod', 'p_tot'],
    columns: [cons, prod, tot],
    zero,
    rows: instants.length,
    duplicates: 0,
    conflicting: 0,
  }
}

describe('tallyReadings', () => {
  it('gives the same tally in WebAssembly and in JavaScript (property)', () => {
    // few distinct values and steps, so that runs, flat lines, zeros and gaps all occur
    const value = fc.oneof(
      fc.constantFrom(0, 0, 42, -5, 150_000, -100_000, NaN),
      fc.float({ min: -200_000, max: 200_000, noNaN: true }),
    )
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ step: fc.constantFrom(8000, 8000, 8000, 16_000, 7000), c: value, p: value, t: value }),
          {
            maxLength: 400,
          },
        ),
        fc.constantFrom(20_000, 100_000, 10_000_000),
        (rows, dayWidth) => {
          let time = 0
          const instants = Float64Array.from(rows, (r) => (time += r.step))
          const readings = merged(
            instants,
            Float32Array.from(rows, (r) => r.c),
            Float32Array.from(rows, (r) => r.p),
            Float32Array.from(rows, (r) => r.t),
          )
          const rules = { ...RULES, dayEnds: dayEnds(instants, dayWidth) }
          const fast = tallyReadings(readings, rules)
          expect(fast).toEqual(tallyReadings(readings, rules, false))
          expect(fast.days.length).toBe(rules.dayEnds.length)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('carries runs and sums across the blocks of a long series', () => {
    const n = 100_000 // several blocks of the module's memory
    const instants = Float64Array.from({ length: n }, (_, i) => i * 8000 + (i % 5000 === 0 ? 3000 : 0))
    // a zero run and a flat stretch straddle the first block boundary (32 768)
    const cons = Float32Array.from({ length: n }, (_, i) =>
      i > 32_700 && i < 32_800 ? 0 : i > 65_500 && i < 65_600 ? 77 : Math.sin(i) * 500,
    )
    const prod = Float32Array.from(cons, (c) => (c === 0 ? 0 : -10))
    const tot = Float32Array.from(cons, (c, i) => (c === 0 ? 0 : c - 10 + (i % 1000 === 0 ? 5 : 0)))
    const readings = merged(instants, cons, prod, tot)
    // days of 10 800 readings, so some end inside a block and one at a block boundary
    const rules = { ...RULES, dayEnds: dayEnds(instants, 86_400_000) }
    const fast = tallyReadings(readings, rules)
    expect(fast).toEqual(tallyReadings(readings, rules, false))
    expect(fast.days.map((d) => d.end)).toEqual([
      10_800,
      21_600,
      32_400,
      43_200,
      54_000,
      64_800,
      75_600,
      86_400,
      97_200,
      n,
    ])
    expect(fast.zeroRuns).toBeGreaterThan(0)
    expect(fast.flatStretches).toBeGreaterThan(0)
    expect(fast.mismatch).toBeGreaterThan(0)
    expect(Object.is(fast.sum, tallyReadings(readings, rules, false).sum)).toBe(true)
  })

  it('counts one glitch once: a negative −30 MW spike that breaks p_tot is a spike, not also negative or a mismatch', () => {
    const instants = Float64Array.from({ length: 6 }, (_, i) => i * 8000)
    const cons = Float32Array.from([900, 850, -30e6, 870, -12, 880])
    const prod = Float32Array.from([0, 0, 0, 0, 0, 0])
    // the glitch row's p_tot disagrees too; the −12 W row is an ordinary negative reading
    const tot = Float32Array.from([900, 850, -29e6, 870, -12, 880])
    const readings = merged(instants, cons, prod, tot)
    const rules = { ...RULES, dayEnds: [] }
    for (const wasm of [true, false]) {
      const tally = tallyReadings(readings, rules, wasm)
      expect(tally).toMatchObject({ spikes: 1, spikeNegative: 1, spikeMismatch: 1, negative: 1, mismatch: 0 })
    }
  })
})
