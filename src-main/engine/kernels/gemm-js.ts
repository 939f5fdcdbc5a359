import type { FloatArray, MatmulKernels } from './matmul'

/**
 * Cache-blocked matrix products in plain JavaScript (float64; on Float32Arrays they compute in float64 and
 * round each stored element, the float32 fallback where WebAssembly SIMD is missing).
 *
 * V8 does not vectorise, so speed comes from register blocking: each micro-kernel keeps a 4×4 tile of C in 16
 * local doubles and reads 4 numbers of A and 4 of B per step of k, i.e. 16 multiply-adds per 8 loads. The k
 * loop is cut in blocks of KC so the B strip (KC rows × 4 columns) stays in L1 while every row block of A
 * passes over it. Edges (M or N not a multiple of 4) fall back to a 1×4 kernel and plain dot products.
 * Measured on the project machine: 3–3.7 GFLOP/s for the LSTM shapes, against 0.8 for the naive triple loop.
 *
 * KC is exported because the WebAssembly kernels (gemm-wasm.ts) cut k at the same places: each element of C
 * then gets the same partial sums in the same order, and both kernel sets give bit-identical results.
 */
export const KC = 256
/**
 * Rows of A (and C) per panel in gemmNN / gemmNT. Without it, a product with many rows (the input projection
 * and dx over all T·B rows: 12 288 × 128 at the L config) streamed ALL of A once per 4-column strip of C, from
 * L3 or memory. A panel of MC rows × KC columns of A is 128 KB and stays in L2 while every column strip
 * passes over it. A multiple of 4, so only the last panel has leftover rows.
 */
const MC = 64

/** C[M, N] += A[M, K] · B[K, N] */
function gemmNNPanel(
  c: FloatArray,
  cOff: number,
  a: FloatArray,
  aOff: number,
  b: FloatArray,
  bOff: number,
  M: number,
  N: number,
  K: number,
): void {
  const M4 = M - (M % 4)
  const N4 = N - (N % 4)
  for (let k0 = 0; k0 < K; k0 += KC) {
    const k1 = Math.min(K, k0 + KC)
    for (let j = 0; j < N4; j += 4) {
      let i = 0
      for (; i < M4; i += 4) {
        // rows i..i+3 of A start at a0..a3; column j of B at bOff + k*N + j
        const a0 = aOff + i * K
        const a1 = a0 + K
        const a2 = a1 + K
        const a3 = a2 + K
        let c00 = 0,
          c01 = 0,
          c02 = 0,
          c03 = 0,
          c10 = 0,
          c11 = 0,
          c12 = 0,
          c13 = 0
        let c20 = 0,
          c21 = 0,
          c22 = 0,
          c23 = 0,
          c30 = 0,
          c31 = 0,
          c32 = 0,
          c33 = 0
        let bo = bOff + k0 * N + j
        for (let k = k0; k < k1; k++, bo += N) {
          const b0 = b[bo],
            b1 = b[bo + 1],
            b2 = b[bo + 2],
            b3 = b[bo + 3]
          let x = a[a0 + k]
          c00 += x * b0
          c01 += x * b1
          c02 += x * b2
          c03 += x * b3
          x = a[a1 + k]
          c10 += x * b0
          c11 += x * b1
          c12 += x * b2
          c13 += x * b3
          x = a[a2 + k]
          c20 += x * b0
          c21 += x * b1
          c22 += x * b2
          c23 += x * b3
          x = a[a3 + k]
          c30 += x * b0
          c31 += x * b1
          c32 += x * b2
          c33 += x * b3
        }
        let co = cOff + i * N + j
        c[co] += c00
        c[co + 1] += c01
        c[co + 2] += c02
        c[co + 3] += c03
        co += N
        c[co] += c10
        c[co + 1] += c11
        c[co + 2] += c12
        c[co + 3] += c13
        co += N
        c[co] += c20
        c[co + 1] += c21
        c[co + 2] += c22
        c[co + 3] += c23
        co += N
        c[co] += c30
        c[co + 1] += c31
        c[co + 2] += c32
        c[co + 3] += c33
      }
      // leftover rows: one row × 4 columns
      for (; i < M; i++) {
        const a0 = aOff + i * K
        let c0 = 0,
          c1 = 0,
          c2 = 0,
          c3 = 0
        let bo = bOff + k0 * N + j
        for (let k = k0; k < k1; k++, bo += N) {
          const x = a[a0 + k]
          c0 += x * b[bo]
          c1 += x * b[bo + 1]
          c2 += x * b[bo + 2]
          c3 += x * b[bo + 3]
        }
        const co = cOff + i * N + j
        c[co] += c0
        c[co + 1] += c1
        c[co + 2] += c2
        c[co + 3] += c3
      }
    }
    // leftover columns: plain dot products
    for (let j = N4; j < N; j++) {
      for (let i = 0; i < M; i++) {
        const a0 = aOff + i * K
        let s = 0
        for (let k = k0, bo = bOff + k0 * N + j; k < k1; k++, bo += N) s += a[a0 + k] * b[bo]
        c[cOff + i * N + j] += s
      }
    }
  }
}

/** C[M, N] += A[M, K] · B[N, K]ᵀ */
function gemmNTPanel(
  c: FloatArray,
  cOff: number,
  a: FloatArray,
  aOff: number,
  b: FloatArray,
  bOff: number,
  M: number,
  N: number,
  K: number,
): void {
  const M4 = M - (M % 4)
  const N4 = N - (N % 4)
  for (let k0 = 0; k0 < K; k0 += KC) {
    const k1 = Math.min(K, k0 + KC)
    for (let j = 0; j < N4; j += 4) {
      // rows j..j+3 of B (columns of Bᵀ)
      const b0 = bOff + j * K
      const b1 = b0 + K
      const b2 = b1 + K
      const b3 = b2 + K
      let i = 0
      for (; i < M4; i += 4) {
        const a0 = aOff + i * K
        const a1 = a0 + K
        const a2 = a1 + K
        const a3 = a2 + K
        let c00 = 0,
          c01 = 0,
          c02 = 0,
          c03 = 0,
          c10 = 0,
          c11 = 0,
          c12 = 0,
          c13 = 0
        let c20 = 0,
          c21 = 0,
          c22 = 0,
          c23 = 0,
          c30 = 0,
          c31 = 0,
          c32 = 0,
          c33 = 0
        for (let k = k0; k < k1; k++) {
          const y0 = b[b0 + k],
            y1 = b[b1 + k],
            y2 = b[b2 + k],
            y3 = b[b3 + k]
          let x = a[a0 + k]
          c00 += x * y0
          c01 += x * y1
          c02 += x * y2
          c03 += x * y3
          x = a[a1 + k]
          c10 += x * y0
          c11 += x * y1
          c12 += x * y2
          c13 += x * y3
          x = a[a2 + k]
          c20 += x * y0
          c21 += x * y1
          c22 += x * y2
          c23 += x * y3
          x = a[a3 + k]
          c30 += x * y0
          c31 += x * y1
          c32 += x * y2
          c33 += x * y3
        }
        let co = cOff + i * N + j
        c[co] += c00
        c[co + 1] += c01
        c[co + 2] += c02
        c[co + 3] += c03
        co += N
        c[co] += c10
        c[co + 1] += c11
        c[co + 2] += c12
        c[co + 3] += c13
        co += N
        c[co] += c20
        c[co + 1] += c21
        c[co + 2] += c22
        c[co + 3] += c23
        co += N
        c[co] += c30
        c[co + 1] += c31
        c[co + 2] += c32
        c[co + 3] += c33
      }
      for (; i < M; i++) {
        const a0 = aOff + i * K
        let c0 = 0,
          c1 = 0,
          c2 = 0,
          c3 = 0
        for (let k = k0; k < k1; k++) {
          const x = a[a0 + k]
          c0 += x * b[b0 + k]
          c1 += x * b[b1 + k]
          c2 += x * b[b2 + k]
          c3 += x * b[b3 + k]
        }
        const co = cOff + i * N + j
        c[co] += c0
        c[co + 1] += c1
        c[co + 2] += c2
        c[co + 3] += c3
      }
    }
    for (let j = N4; j < N; j++) {
      const b0 = bOff + j * K
      for (let i = 0; i < M; i++) {
        const a0 = aOff + i * K
        let s = 0
        for (let k = k0; k < k1; k++) s += a[a0 + k] * b[b0 + k]
        c[cOff + i * N + j] += s
      }
    }
  }
}

/**
 * C[M, N] += A[M, K] · B[K, N], in panels of MC rows: rows i0..i0+MC−1 of C depend only on the same rows of A,
 * so each panel is an independent product at offsets cOff + i0·N and aOff + i0·K.
 */
export function gemmNN(
  c: FloatArray,
  cOff: number,
  a: FloatArray,
  aOff: number,
  b: FloatArray,
  bOff: number,
  M: number,
  N: number,
  K: number,
): void {
  for (let i0 = 0; i0 < M; i0 += MC) {
    gemmNNPanel(c, cOff + i0 * N, a, aOff + i0 * K, b, bOff, Math.min(MC, M - i0), N, K)
  }
}

/** C[M, N] += A[M, K] · B[N, K]ᵀ, in panels of MC rows of A and C (as gemmNN). */
export function gemmNT(
  c: FloatArray,
  cOff: number,
  a: FloatArray,
  aOff: number,
  b: FloatArray,
  bOff: number,
  M: number,
  N: number,
  K: number,
): void {
  for (let i0 = 0; i0 < M; i0 += MC) {
    gemmNTPanel(c, cOff + i0 * N, a, aOff + i0 * K, b, bOff, Math.min(MC, M - i0), N, K)
  }
}

/** C[M, N] += A[K, M]ᵀ · B[K, N] */
export function gemmTN(
  c: FloatArray,
  cOff: number,
  a: FloatArray,
  aOff: number,
  b: FloatArray,
  bOff: number,
  M: number,
  N: number,
  K: number,
): void {
  const M4 = M - (M % 4)
  const N4 = N - (N % 4)
  for (let k0 = 0; k0 < K; k0 += KC) {
    const k1 = Math.min(K, k0 + KC)
    for (let j = 0; j < N4; j += 4) {
      let i = 0
      for (; i < M4; i += 4) {
        let c00 = 0,
          c01 = 0,
          c02 = 0,
          c03 = 0,
          c10 = 0,
          c11 = 0,
          c12 = 0,
          c13 = 0
        let c20 = 0,
          c21 = 0,
          c22 = 0,
          c23 = 0,
          c30 = 0,
          c31 = 0,
          c32 = 0,
          c33 = 0
        // A[k, i..i+3] and B[k, j..j+3] are both 4 consecutive numbers of row k
        let ao = aOff + k0 * M + i
        let bo = bOff + k0 * N + j
        for (let k = k0; k < k1; k++, ao += M, bo += N) {
          const y0 = b[bo],
            y1 = b[bo + 1],
            y2 = b[bo + 2],
            y3 = b[bo + 3]
          let x = a[ao]
          c00 += x * y0
          c01 += x * y1
          c02 += x * y2
          c03 += x * y3
          x = a[ao + 1]
          c10 += x * y0
          c11 += x * y1
          c12 += x * y2
          c13 += x * y3
          x = a[ao + 2]
          c20 += x * y0
          c21 += x * y1
          c22 += x * y2
          c23 += x * y3
          x = a[ao + 3]
          c30 += x * y0
          c31 += x * y1
          c32 += x * y2
          c33 += x * y3
        }
        let co = cOff + i * N + j
        c[co] += c00
        c[co + 1] += c01
        c[co + 2] += c02
        c[co + 3] += c03
        co += N
        c[co] += c10
        c[co + 1] += c11
        c[co + 2] += c12
        c[co + 3] += c13
        co += N
        c[co] += c20
        c[co + 1] += c21
        c[co + 2] += c22
        c[co + 3] += c23
        co += N
        c[co] += c30
        c[co + 1] += c31
        c[co + 2] += c32
        c[co + 3] += c33
      }
      for (; i < M; i++) {
        let c0 = 0,
          c1 = 0,
          c2 = 0,
          c3 = 0
        let ao = aOff + k0 * M + i
        let bo = bOff + k0 * N + j
        for (let k = k0; k < k1; k++, ao += M, bo += N) {
          const x = a[ao]
          c0 += x * b[bo]
          c1 += x * b[bo + 1]
          c2 += x * b[bo + 2]
          c3 += x * b[bo + 3]
        }
        const co = cOff + i * N + j
        c[co] += c0
        c[co + 1] += c1
        c[co + 2] += c2
        c[co + 3] += c3
      }
    }
    for (let j = N4; j < N; j++) {
      for (let i = 0; i < M; i++) {
        let s = 0
        for (let k = k0, ao = aOff + k0 * M + i, bo = bOff + k0 * N + j; k < k1; k++, ao += M, bo += N) {
          s += a[ao] * b[bo]
        }
        c[cOff + i * N + j] += s
      }
    }
  }
}

/** The plain-JavaScript kernels: the fallback, and the reference a faster implementation is tested against. */
export const jsKernels: MatmulKernels = {
  name: 'js-blocked-4x4',
  precision: 'float64',
  gemmNN,
  gemmNT,
  gemmTN,
}

/** The same functions for float32 networks, where WebAssembly SIMD is unavailable. */
export const jsKernels32: MatmulKernels = {
  name: 'js-blocked-4x4-f32',
  precision: 'float32',
  gemmNN,
  gemmNT,
  gemmTN,
}
