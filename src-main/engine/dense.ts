import type { MatmulKernels } from './kernels/matmul'

/**
 * The dense head: y = h·W + b, applied to the last hidden state.
 *
 * @param y    Float64Array [B, P] out (overwritten)
 * @param h    Float64Array [B, H] input, starting at hOff
 * @param w    Float64Array [H, P] kernel
 * @param bias Float64Array [P]
 */
export function denseForward(
  y: Float64Array,
  h: Float64Array,
  hOff: number,
  w: Float64Array,
  bias: Float64Array,
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
 * @param dh    Float64Array [B, H] += dL/dh, starting at dhOff
 * @param dw    Float64Array [H, P] += hᵀ·dy
 * @param dbias Float64Array [P] += column sums of dy
 * @param dy    Float64Array [B, P] dL/dy
 */
export function denseBackward(
  dh: Float64Array,
  dhOff: number,
  dw: Float64Array,
  dbias: Float64Array,
  dy: Float64Array,
  h: Float64Array,
  hOff: number,
  w: Float64Array,
  B: number,
  H: number,
  P: number,
  mm: MatmulKernels,
): void {
  mm.gemmTN(dw, 0, h, hOff, dy, 0, H, P, B)
  for (let b = 0; b < B; b++) for (let p = 0; p < P; p++) dbias[p] += dy[b * P + p]
  mm.gemmNT(dh, dhOff, dy, 0, w, 0, B, H, P)
}
