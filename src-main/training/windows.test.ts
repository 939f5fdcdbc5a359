import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { segmentLengths, windowStarts } from './windows'

describe('windowStarts', () => {
  it('cuts windows from contiguous runs only (hand-counted case)', () => {
    // slots:   0 1 2 3 4   5   6 7 8 9
    const values = Float64Array.from([1, 2, 3, 4, 5, NaN, 7, 8, 9, 10])
    const labels = new Int8Array(10) // all train
    // seq 2 + pred 1 = span 3: run [0,5) gives starts 0,1,2; run [6,10) gives 6,7
    expect([...windowStarts(values, labels, 'train', { seqLen: 2, predSize: 1, stride: 1 })]).toEqual([
      0, 1, 2, 6, 7,
    ])
    expect([...windowStarts(values, labels, 'train', { seqLen: 2, predSize: 1, stride: 2 })]).toEqual([
      0, 2, 6,
    ])
    expect(segmentLengths(values, labels, 'train')).toEqual([5, 4])
  })

  it('never crosses a split boundary', () => {
    const values = new Float64Array(8).fill(1)
    const labels = Int8Array.from([0, 0, 0, 0, 1, 1, 1, 1])
    expect([...windowStarts(values, labels, 'train', { seqLen: 2, predSize: 2, stride: 1 })]).toEqual([0])
    expect([...windowStarts(values, labels, 'validation', { seqLen: 2, predSize: 2, stride: 1 })]).toEqual([
      4,
    ])
  })

  it('property: every window lies wholly in finite slots of its split', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: -1, max: 2 })), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 3 }),
        (slots, seqLen, predSize, stride) => {
          const values = Float64Array.from(slots, ([present], i) => (present ? i : NaN))
          const labels = Int8Array.from(slots, ([, label]) => label)
          for (const split of ['train', 'validation', 'test'] as const) {
            const code = { train: 0, validation: 1, test: 2 }[split]
            for (const s of windowStarts(values, labels, split, { seqLen, predSize, stride })) {
              for (let t = s; t < s + seqLen + predSize; t++) {
                if (!Number.isFinite(values[t]) || labels[t] !== code) return false
              }
            }
          }
          return true
        },
      ),
    )
  })
})
