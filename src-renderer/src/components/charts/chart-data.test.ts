import { describe, expect, it } from 'vitest'
import { reactive } from 'vue'
import { toPoints } from './chart-data'

describe('toPoints', () => {
  it('copies typed arrays into plain points and turns NaN into gaps', () => {
    const points = toPoints({ label: 'p', x: new Float64Array([0, 1, 2]), y: new Float32Array([5, NaN, 7]) })
    expect(points).toEqual([
      { x: 0, y: 5 },
      { x: 1, y: null },
      { x: 2, y: 7 },
    ])
  })

  it('never hands a reactive array to Chart.js', () => {
    const store = reactive({ x: [1, 2], y: [3, 4] })
    const points = toPoints({ label: 'p', x: store.x, y: store.y })
    expect(Array.isArray(points)).toBe(true)
    expect(points).not.toBe(store.x)
    // mutating the copy (Chart.js patches push) leaves the store untouched
    points.push({ x: 9, y: 9 })
    expect(store.x).toEqual([1, 2])
  })
})
