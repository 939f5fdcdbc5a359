import { describe, expect, it } from 'vitest'
import { jsKernels } from './gemm-js'
import { Rng } from '../rng'

/** Textbook triple loop: C[M, N] += op(A) · op(B), the reference for the blocked kernels. */
function reference(
  kind: 'NN' | 'NT' | 'TN',
  c: Float64Array,
  a: Float64Array,
  b: Float64Array,
  M: number,
  N: number,
  K: number,
): void {
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0
      for (let k = 0; k < K; k++) {
        const av = kind === 'TN' ? a[k * M + i] : a[i * K + k]
        const bv = kind === 'NT' ? b[j * K + k] : b[k * N + j]
        s += av * bv
      }
      c[i * N + j] += s
    }
  }
}

describe('plain-JavaScript blocked matrix products', () => {
  const rng = new Rng(7)
  const fill = (n: number) => {
    const v = new Float64Array(n)
    for (let i = 0; i < n; i++) v[i] = rng.uniform(-1, 1)
    return v
  }
  // shapes around the 4×4 tile and the KC = 256 k-block, including 1-wide edges
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [1, 8, 1],
    [3, 5, 7],
    [4, 4, 4],
    [5, 9, 300],
    [8, 128, 32],
    [13, 6, 513],
    [2, 3, 260],
  ]
  for (const kind of ['NN', 'NT', 'TN'] as const) {
    it(`gemm${kind} accumulates the same product as the triple loop, at offsets`, () => {
      for (const [M, N, K] of shapes) {
        const offA = 3
        const offB = 5
        const offC = 2
        const a = fill(offA + M * K)
        const b = fill(offB + K * N)
        const c = fill(offC + M * N)
        const expected = c.slice(offC)
        reference(kind, expected, a.subarray(offA), b.subarray(offB), M, N, K)
        const before = c.slice(0, offC)
        jsKernels[`gemm${kind}`](c, offC, a, offA, b, offB, M, N, K)
        // the prefix before C's offset is untouched, and C holds old C + product
        expect(Array.from(c.subarray(0, offC))).toEqual(Array.from(before))
        for (let i = 0; i < M * N; i++) expect(c[offC + i]).toBeCloseTo(expected[i], 12)
      }
    })
  }
})
