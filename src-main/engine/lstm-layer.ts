import { newFloats, type FloatArray, type MatmulKernels, type Precision } from './kernels/matmul'

/**
 * One LSTM layer over a whole window, forward and backward (full backpropagation through time).
 *
 * Layout: every sequence buffer is TIME-MAJOR ([T, B, ...]) so a time step is one contiguous [B, ...] block
 * and the products over all steps at once are single matrix products over T·B rows.
 * Weights follow TensorFlow.js: kernel Wx [I, 4H], recurrentKernel Wh [H, 4H], bias [4H], the 4H columns being
 * the gates in the order i (input), f (forget), g (candidate, "c" in Keras), o (output).
 *
 *   z_t = x_t·Wx + h_{t-1}·Wh + b          (z_t [B, 4H])
 *   i = σ(z[0:H])   f = σ(z[H:2H])   g = tanh(z[2H:3H])   o = σ(z[3H:4H])
 *   c_t = f ⊙ c_{t-1} + i ⊙ g
 *   h_t = o ⊙ tanh(c_t)
 */

/**
 * Forward pass of one LSTM layer over T steps. Every array is of the network's precision (float64 or float32,
 * the kernels' `precision`), except x, which may be either (the first layer reads the batch as given).
 *
 * @param hs    FloatArray [T+1, B, H] out; hs[0] is READ as the initial state h_0, hs[t+1] receives h_t
 * @param cs    FloatArray [T+1, B, H] out; cs[0] is READ as c_0, cs[t+1] receives c_t
 * @param gates FloatArray [T, B, 4H] out; activated gates (i, f, g, o), cached for the backward pass
 * @param x     FloatArray [T, B, I] input sequence, starting at xOff
 * @param wx    FloatArray [I, 4H] input kernel
 * @param wh    FloatArray [H, 4H] recurrent kernel
 * @param bias  FloatArray [4H]
 * @param h0IsZero true when h_0 is all zeros (every training or inference window starts from a zero state):
 *              the step-0 recurrent product contributes nothing and is skipped (1/T of the recurrent work,
 *              4 % at T = 24). False in online mode, where the state is carried over.
 * @param tanhC FloatArray [T, B, H] out: tanh(c_t) kept for the backward pass, or null to have the backward
 *              pass recompute it (saves one exp of the six per unit and step, at T·B·H more memory)
 */
export function lstmForward(
  hs: FloatArray,
  cs: FloatArray,
  gates: FloatArray,
  x: FloatArray,
  xOff: number,
  wx: FloatArray,
  wh: FloatArray,
  bias: FloatArray,
  T: number,
  B: number,
  I: number,
  H: number,
  mm: MatmulKernels,
  h0IsZero: boolean,
  tanhC: FloatArray | null,
): void {
  const G = 4 * H
  const rows = T * B
  // gates[t, b, :] = b, then += x[t, b, :]·Wx for all steps in one product (the input projection)
  for (let r = 0; r < rows; r++) gates.set(bias, r * G)
  mm.gemmNN(gates, 0, x, xOff, wx, 0, rows, G, I)
  // Wh is the B of every step's product: made ready (packed) once for the whole window
  const whB = mm.prepareB?.(wh, 0, H, G, false) ?? null
  for (let t = 0; t < T; t++) {
    const gOff = t * B * G // gates[t]
    const hPrev = t * B * H // hs[t] = h_{t-1}
    const hNext = hPrev + B * H // hs[t+1] = h_t
    // gates[t] += h_{t-1}·Wh: the only product that has to wait for the previous step
    if (t > 0 || !h0IsZero) {
      if (whB) whB.gemm(gates, gOff, hs, hPrev, B)
      else mm.gemmNN(gates, gOff, hs, hPrev, wh, 0, B, G, H)
    }
    if (mm.lstmGatesForward?.(gates, gOff, cs, hPrev, hNext, hs, hNext, tanhC, hPrev, B, H)) continue
    for (let b = 0; b < B; b++) {
      const go = gOff + b * G // gates[t, b, 0:H] = i, [H:2H] = f, [2H:3H] = g, [3H:4H] = o
      const so = b * H // offset of row b inside a [B, H] step block
      for (let j = 0; j < H; j++) {
        const ig = 1 / (1 + Math.exp(-gates[go + j]))
        const fg = 1 / (1 + Math.exp(-gates[go + H + j]))
        const gg = tanh(gates[go + 2 * H + j])
        const og = 1 / (1 + Math.exp(-gates[go + 3 * H + j]))
        gates[go + j] = ig
        gates[go + H + j] = fg
        gates[go + 2 * H + j] = gg
        gates[go + 3 * H + j] = og
        const c = fg * cs[hPrev + so + j] + ig * gg
        const tc = tanh(c)
        cs[hNext + so + j] = c
        hs[hNext + so + j] = og * tc
        if (tanhC !== null) tanhC[hPrev + so + j] = tc
      }
    }
  }
}

/**
 * Backward pass of one LSTM layer (backpropagation through all T steps). ACCUMULATES into dwx, dwh, dbias.
 * The gradient flowing into the initial state (h_0, c_0) is dropped: the initial state is a constant.
 *
 * @param dx     FloatArray [T, B, I] OVERWRITTEN with dL/dx, or null when the input needs no gradient (first
 *               layer). It is written after the time loop, so it may be the same buffer as dhs: the network
 *               keeps one dL/dh buffer for all layers instead of one per layer (memory of the L config).
 * @param dwx    FloatArray [I, 4H] += dL/dWx
 * @param dwh    FloatArray [H, 4H] += dL/dWh
 * @param dbias  FloatArray [4H] += dL/db
 * @param gates  FloatArray [T, B, 4H] in: activated gates from the forward pass; OVERWRITTEN with dL/dz
 * @param dhs    FloatArray [T, B, H] dL/dh_t from the layer above (h_t as a layer output), read only
 * @param dh     FloatArray [B, H] scratch (the recurrent part of dL/dh_t)
 * @param dc     FloatArray [B, H] scratch (dL/dc_t)
 * @param hs, cs, x, xOff, wx, wh, h0IsZero, tanhC: as passed to and filled by lstmForward (with h_0 = 0 the t = 0 rows
 *               of dWh = Σ h_{t-1}ᵀ·dz_t are zero and skipped)
 */
export function lstmBackward(
  dx: FloatArray | null,
  dwx: FloatArray,
  dwh: FloatArray,
  dbias: FloatArray,
  gates: FloatArray,
  dhs: FloatArray,
  dh: FloatArray,
  dc: FloatArray,
  hs: FloatArray,
  cs: FloatArray,
  x: FloatArray,
  xOff: number,
  wx: FloatArray,
  wh: FloatArray,
  T: number,
  B: number,
  I: number,
  H: number,
  mm: MatmulKernels,
  h0IsZero: boolean,
  tanhC: FloatArray | null,
): void {
  const G = 4 * H
  const BH = B * H
  dh.fill(0, 0, BH)
  dc.fill(0, 0, BH)
  // Whᵀ is the B of every step's dz·Whᵀ: made ready once for the whole window
  const whT = mm.prepareB?.(wh, 0, G, H, true) ?? null
  for (let t = T - 1; t >= 0; t--) {
    const gOff = t * B * G
    const sOff = t * BH // dhs[t], hs[t] = h_{t-1}, cs[t] = c_{t-1}, cs[t+1] = c_t
    const done = mm.lstmGatesBackward?.(gates, gOff, cs, sOff, sOff + BH, dhs, sOff, dh, dc, B, H) ?? false
    for (let b = 0; b < B && !done; b++) {
      const go = gOff + b * G
      const so = b * H
      for (let j = 0; j < H; j++) {
        const ig = gates[go + j]
        const fg = gates[go + H + j]
        const gg = gates[go + 2 * H + j]
        const og = gates[go + 3 * H + j]
        const tc = tanhC !== null ? tanhC[sOff + so + j] : tanh(cs[sOff + BH + so + j])
        // dL/dh_t: from the layer above plus from step t+1 through Wh
        const dht = dhs[sOff + so + j] + dh[so + j]
        // dL/dc_t: through h_t = o·tanh(c_t), plus from c_{t+1} = f_{t+1}·c_t + ...
        const dct = dc[so + j] + dht * og * (1 - tc * tc)
        // pre-activation gradients: σ' = s(1-s), tanh' = 1-t²
        gates[go + j] = dct * gg * ig * (1 - ig)
        gates[go + H + j] = dct * cs[sOff + so + j] * fg * (1 - fg)
        gates[go + 2 * H + j] = dct * ig * (1 - gg * gg)
        gates[go + 3 * H + j] = dht * tc * og * (1 - og)
        dc[so + j] = dct * fg // becomes dL/dc_{t-1}
      }
    }
    // dL/dh_{t-1} (recurrent part) = dz_t · Whᵀ
    dh.fill(0, 0, BH)
    if (t > 0) {
      if (whT) whT.gemm(dh, 0, gates, gOff, B)
      else mm.gemmNT(dh, 0, gates, gOff, wh, 0, B, H, G)
    }
  }
  const rows = T * B
  // weight gradients over all steps at once: dWh += [h_0..h_{T-1}]ᵀ·dz, dWx += xᵀ·dz
  const skip = h0IsZero ? B : 0
  mm.gemmTN(dwh, 0, hs, skip * H, gates, skip * G, H, G, rows - skip)
  mm.gemmTN(dwx, 0, x, xOff, gates, 0, I, G, rows)
  // db += column sums of dz, written as the product 1ᵀ·dz so it runs in the kernels' fastest loop
  mm.gemmTN(dbias, 0, ones(rows, mm.precision), 0, gates, 0, 1, G, rows)
  // dx = dz · Wxᵀ
  if (dx !== null) {
    dx.fill(0, 0, rows * I)
    mm.gemmNT(dx, 0, gates, 0, wx, 0, rows, I, G)
  }
}

/**
 * tanh(x) = 2σ(2x) − 1: one Math.exp (12 ns here) instead of Math.tanh (22 ns), absolute error below 3e-16.
 * exp overflows to +∞ for x < −354, which still gives −1 exactly.
 */
function tanh(x: number): number {
  return 2 / (1 + Math.exp(-2 * x)) - 1
}

const onesCache: Record<Precision, FloatArray> = {
  float64: new Float64Array(0),
  float32: new Float32Array(0),
}

/** At least n ones of a precision (shared, read only). */
function ones(n: number, precision: Precision): FloatArray {
  if (onesCache[precision].length < n) onesCache[precision] = newFloats(precision, n).fill(1)
  return onesCache[precision]
}
