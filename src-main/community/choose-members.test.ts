import { describe, expect, it } from 'vitest'
import { chooseMembers } from './choose-members'

/** A presence mask of `slots` slots, 1 on [from, to). */
const present = (slots: number, ...ranges: [number, number][]) => {
  const p = new Uint8Array(slots)
  for (const [from, to] of ranges) p.fill(1, from, to)
  return p
}

describe('chooseMembers: which homes a community total includes', () => {
  it('keeps every home when they report together', () => {
    // without A the total would be complete in 95 slots, but 2 × 95 home-readings < 3 × 85
    const r = chooseMembers([present(100, [0, 90]), present(100, [5, 100]), present(100, [0, 100])])
    expect(r.choices.map((c) => c.included)).toEqual([true, true, true])
    expect(r.completeShare).toBeCloseTo(85 / 100)
    expect(Array.from(r.complete.subarray(4, 6))).toEqual([0, 1])
  })

  it('leaves out the home that empties the total, and says why in numbers', () => {
    // C reports a tenth of the time: with it 10 complete slots, without it 90
    const r = chooseMembers([present(100, [0, 100]), present(100, [0, 90]), present(100, [70, 80])])
    expect(r.choices.map((c) => c.included)).toEqual([true, true, false])
    expect(r.choices[2].reason).toBe(
      'readings in 10 % of the slots; with it the total would be complete in 10 % of the slots, without it in 90 %',
    )
    expect(r.completeShare).toBeCloseTo(0.9)
  })

  it('leaves a home out only when the homes left give more home-readings', () => {
    const four = (d: number) => [
      present(100, [0, 100]),
      present(100, [0, 100]),
      present(100, [0, 100]),
      present(100, [0, 100 - d]),
    ]
    // 4 × (100 − d) against 3 × 100: the fourth home goes when d > 25
    expect(chooseMembers(four(25)).choices[3].included).toBe(true)
    expect(chooseMembers(four(26)).choices[3].included).toBe(false)
  })

  it('drops the sparsest first when several homes block together and no single removal helps', () => {
    // B, C and D never all report with each other: leaving one out still leaves the total empty
    const homes = [
      present(100, [0, 100]),
      present(100, [0, 10]),
      present(100, [10, 20]),
      present(100, [40, 100]),
    ]
    const r = chooseMembers(homes)
    expect(r.choices.filter((c) => !c.included).map((c) => c.index)).toEqual([1, 2])
    expect(r.choices[1].reason).toBe('readings in 10 % of the slots, never together with the others')
    expect(r.choices[2].reason).toContain(
      'with it the total would be complete in 0.0 % of the slots, without it in 60 %',
    )
    expect(r.completeShare).toBeCloseTo(0.6)
  })

  it('never leaves out a forced home', () => {
    const r = chooseMembers([present(100, [0, 80]), present(100, [70, 80])], { forced: [0, 1] })
    expect(r.choices.every((c) => c.included)).toBe(true)
    // shares are of the slots where any home reports: 10 of 80
    expect(r.completeShare).toBeCloseTo(10 / 80)
  })
})
