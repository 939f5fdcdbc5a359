import type { FloatArray, MatmulKernels } from './kernels/matmul'

/**
 * The dense head: y = h·W + b, applied to the last hidden state.
 *
 * @param y    FloatArray [B, P] out (overwritten)
 * @param h    FloatArray [B, H] input, starting at hOff
 * @param w    FloatArray [H, P] kernel
 * @param bias FloatArray [P]
 */
export function denseForward(
  y: FloatArray,
  h: FloatArray,
  hOff: number,
  w: FloatArray,
  bias: FloatArray,
  B: number,
  H: number,
  P: number,
  mm: MatmulKernels,
): void {
  for (let b = 0; b < B; b++) y.set(bias, b * P)
  mm.gemmNN(y, 0, h, hOff, w, 0, B, P, H)
}

/**
 * Backward pass of the dense head. ACCUMULATES into dh, dw, dbias.
 *
 * @param dh    FloatArray [B, H] += dL/dh, starting at dhOff
 * @param dw    FloatArray [H, P] += hᵀ·dy
 * @param dbias FloatArray [P] += column sums of dy
 * @param dy    FloatArray [B, P] dL/dy
 */
export function denseBackward(
  dh: FloatArray,
  dhOff: number,
  dw: FloatArray,
  dbias: FloatArray,
  dy: FloatArray,
  h: FloatArray,
  hOff: number,
  w: FloatArray,
  B: number,
  H: number,
  P: number,
  mm: MatmulKernels,
): void {
  mm.gemmTN(dw, 0, h, hOff, dy, 0, H, P, B)
  for (let b = 0; b < B; b++) for (let p = 0; p < P; p++) dbias[p] += dy[b * P + p]
  mm.gemmNT(dh, dhOff, dy, 0, w, 0, B, H, P)
}
