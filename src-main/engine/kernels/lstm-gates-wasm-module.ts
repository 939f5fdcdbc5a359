import { ARENA_MAX_PAGES } from './wasm-arena'
import { encodeModule, WasmFunction } from '../../wasm/emitter'
import { I32, Op, Simd, V128 } from '../../wasm/opcodes'

/**
 * The WebAssembly SIMD module behind the LSTM gate activations: two lanes (two hidden units) per instruction.
 * All addresses and sizes are in BYTES of the module's memory.
 *
 *   gatesForward(g, cPrev, cOut, hOut, tcOut, B, H)
 *     For one time step, with g the [B, 4H] pre-activations z (gate blocks i, f, g, o of H numbers per row):
 *     i = σ(z_i), f = σ(z_f), g = tanh(z_g), o = σ(z_o) written back over z, then
 *     c = f·c_prev + i·g → cOut, tanh(c) → tcOut, h = o·tanh(c) → hOut (all [B, H]). H must be even.
 *
 *   gatesBackward(g, cPrev, cNext, dhs, dh, dc, B, H)
 *     Backpropagation through the same step (see the function's comment). H must be even.
 *
 *   exp(dst, src, n)
 *     dst[k] = e^(src[k]) for n numbers (n even): the exponential of the gates, exported for its tests.
 *
 * σ(z) = 1 / (1 + e^(−z)) and tanh(x) = 2 / (1 + e^(−2x)) − 1, as in the JavaScript loop (lstm-layer.ts), but
 * with an exponential computed here (WebAssembly has none), so the two agree to rounding, not bit for bit:
 *
 *   x clamped to [−708, 708] (e^±708 are the last finite, normal values; the gates saturate long before)
 *   k = round(x / ln 2), by adding and subtracting 1.5·2^52 (round to nearest even, no conversion needed)
 *   r = x − k·ln 2 with ln 2 split in two (Cody–Waite: k·LN2_HI is exact), |r| ≤ ln 2 / 2
 *   e^r by its Taylor polynomial of degree 13 (truncation error r^14/14! < 5e-18)
 *   e^x = e^r · 2^k, by adding k to the exponent bits: the low bits of k + 1.5·2^52 ARE k, so shifting that
 *   number's bits left by 52 gives k << 52 (the 1.5·2^52 part shifts out)
 *
 * Measured against Math.exp: at most 2 ulp (lstm-gates-wasm.test.ts; the Estrin form costs about one ulp over
 * Horner's, for a third of the latency).
 */

const MAGIC = 6755399441055744 // 1.5 · 2^52
const LOG2E = 1.4426950408889634
const LN2_HI = 0.6931471803691238 // the high bits of ln 2 (trailing zeros: k·LN2_HI is exact for |k| < 2^20)
const LN2_LO = 1.9082149292705877e-10 // ln 2 − LN2_HI
const X_MAX = 708

/** 1/n! for n = 0 … 13: the Taylor coefficients of e^r. */
const TAYLOR = Array.from({ length: 14 }, (_, n) => n).map((n) => {
  let f = 1
  for (let m = 2; m <= n; m++) f *= m
  return 1 / f
})

/**
 * The v128 locals the exponential needs: scratch values, and its constants, set once at the top of the
 * function (a v128.const inside the loop is materialised again at every use).
 */
interface ExpLocals {
  xc: number
  kp: number
  k: number
  r: number
  r2: number
  r4: number
  r8: number
  lo: number
  hi: number
  log2e: number
  magic: number
  ln2Hi: number
  ln2Lo: number
  taylor: number[]
  one: number
  two: number
  minusTwo: number
}

function expLocals(f: WasmFunction): ExpLocals {
  const constant = (value: number) => {
    const local = f.local(V128)
    f.f64x2Const(value).set(local)
    return local
  }
  return {
    xc: f.local(V128),
    kp: f.local(V128),
    k: f.local(V128),
    r: f.local(V128),
    r2: f.local(V128),
    r4: f.local(V128),
    r8: f.local(V128),
    lo: constant(-X_MAX),
    hi: constant(X_MAX),
    log2e: constant(LOG2E),
    magic: constant(MAGIC),
    ln2Hi: constant(LN2_HI),
    ln2Lo: constant(LN2_LO),
    taylor: TAYLOR.map(constant),
    one: constant(1),
    two: constant(2),
    minusTwo: constant(-2),
  }
}

/** Pops x (f64x2) and pushes e^x (see the module comment). */
function emitExp(f: WasmFunction, t: ExpLocals): void {
  // pmax(x, lo) = x < lo ? lo : x and pmin(x, hi) = hi < x ? hi : x: one instruction each, and NaN stays NaN
  f.get(t.lo).simd(Simd.f64x2Pmax).get(t.hi).simd(Simd.f64x2Pmin).set(t.xc)
  f.get(t.xc).get(t.log2e).simd(Simd.f64x2Mul).get(t.magic).simd(Simd.f64x2Add).tee(t.kp)
  f.get(t.magic).simd(Simd.f64x2Sub).set(t.k)
  f.get(t.xc).get(t.k).get(t.ln2Hi).simd(Simd.f64x2Mul).simd(Simd.f64x2Sub)
  f.get(t.k).get(t.ln2Lo).simd(Simd.f64x2Mul).simd(Simd.f64x2Sub).set(t.r)
  emitTaylor(f, t)
  // bits(p) + (bits(kp) << 52): p · 2^k, exactly (p ∈ [0.70, 1.42], k ∈ [−1021, 1021]: always normal)
  f.get(t.kp).i32(52).simd(Simd.i64x2Shl).simd(Simd.i64x2Add)
}

/**
 * Pushes the degree-13 polynomial Σ r^n/n! in Estrin's form: pairs c_n + c_{n+1}·r, combined with r², r⁴, r⁸.
 * Its dependency chain is about 8 operations long against Horner's 26 (the gate loop was latency-bound).
 */
function emitTaylor(f: WasmFunction, t: ExpLocals): void {
  const c = t.taylor
  f.get(t.r).get(t.r).simd(Simd.f64x2Mul).tee(t.r2).get(t.r2).simd(Simd.f64x2Mul).tee(t.r4)
  f.get(t.r4).simd(Simd.f64x2Mul).set(t.r8)
  /** pushes c_n + c_{n+1}·r */
  const pair = (n: number) =>
    f
      .get(c[n + 1])
      .get(t.r)
      .simd(Simd.f64x2Mul)
      .get(c[n])
      .simd(Simd.f64x2Add)
  /** pushes a + m·b, where a and b are pushed by the callbacks and m is a local */
  const fma = (a: () => void, m: number, b: () => void) => {
    a()
    f.get(m)
    b()
    f.simd(Simd.f64x2Mul).simd(Simd.f64x2Add)
  }
  const low = () =>
    fma(
      () =>
        fma(
          () => pair(0),
          t.r2,
          () => pair(2),
        ),
      t.r4,
      () =>
        fma(
          () => pair(4),
          t.r2,
          () => pair(6),
        ),
    )
  const high = () =>
    fma(
      () =>
        fma(
          () => pair(8),
          t.r2,
          () => pair(10),
        ),
      t.r4,
      () => pair(12),
    )
  fma(low, t.r8, high)
}

/** Pops z, pushes σ(z) = 1 / (1 + e^(−z)). */
function emitSigmoid(f: WasmFunction, t: ExpLocals): void {
  f.simd(Simd.f64x2Neg)
  emitExp(f, t)
  f.get(t.one).simd(Simd.f64x2Add).set(t.r)
  f.get(t.one).get(t.r).simd(Simd.f64x2Div)
}

/** Pops x, pushes tanh(x) = 2 / (1 + e^(−2x)) − 1. */
function emitTanh(f: WasmFunction, t: ExpLocals): void {
  f.get(t.minusTwo).simd(Simd.f64x2Mul)
  emitExp(f, t)
  f.get(t.one).simd(Simd.f64x2Add).set(t.r)
  f.get(t.two).get(t.r).simd(Simd.f64x2Div).get(t.one).simd(Simd.f64x2Sub)
}

/** Addresses of the current pair of units inside emitOverUnitPairs' loop. */
interface UnitPair {
  /** Pushes the address of the pair in gate block `block` (0 i, 1 f, 2 g, 3 o) of the [B, 4H] gates. */
  gate(block: number): void
  /** Pushes the address of the pair in the [B, H] state block starting at the address in local `base`. */
  state(base: number): void
}

/**
 * The loop of both gate functions: every pair of hidden units of one step, row by row of the [B, 4H] gates
 * at the address in local `g`, two units per iteration. Do-while: the caller guarantees B ≥ 1 and an even H ≥ 2.
 */
function emitOverUnitPairs(
  f: WasmFunction,
  g: number,
  B: number,
  H: number,
  body: (at: UnitPair) => void,
): void {
  const hb = f.local(I32) // H · 8: the distance between two gate blocks of a row
  const p = f.local(I32) // address of the pair in the i block of the current row
  const rowEnd = f.local(I32)
  const q = f.local(I32) // byte offset of the pair in the [B, H] state blocks
  const end = f.local(I32)
  const at: UnitPair = {
    gate(block) {
      f.get(p)
      if (block === 1) f.get(hb).op(Op.i32Add)
      else if (block === 2) f.get(hb).i32(1).op(Op.i32Shl).op(Op.i32Add)
      else if (block === 3) f.get(hb).i32(3).op(Op.i32Mul).op(Op.i32Add)
    },
    state(base) {
      f.get(base).get(q).op(Op.i32Add)
    },
  }
  f.get(H).i32(3).op(Op.i32Shl).set(hb)
  f.get(g).set(p)
  f.get(B).get(hb).op(Op.i32Mul).set(end)
  f.loop((rows) => {
    f.get(p).get(hb).op(Op.i32Add).set(rowEnd)
    f.loop((units) => {
      body(at)
      f.addTo(p, 16).addTo(q, 16)
      f.get(p).get(rowEnd).op(Op.i32LtU).brIf(units)
    })
    // skip the f, g and o blocks of the row just done
    f.get(p).get(hb).i32(3).op(Op.i32Mul).op(Op.i32Add).set(p)
    f.get(q).get(end).op(Op.i32LtU).brIf(rows)
  })
}

function buildGatesForward(): WasmFunction {
  const f = new WasmFunction('gatesForward', 7)
  const [g, cPrev, cOut, hOut, tcOut, B, H] = [0, 1, 2, 3, 4, 5, 6].map((k) => f.param(k))
  const t = expLocals(f)
  const [c, tc] = [f.local(V128), f.local(V128)]
  const gates = [0, 1, 2, 3].map(() => f.local(V128)) // activated i, f, g, o
  const [ig, fg, gg, og] = gates
  emitOverUnitPairs(f, g, B, H, (at) => {
    gates.forEach((v, block) => {
      at.gate(block)
      f.v128Load()
      if (block === 2) emitTanh(f, t)
      else emitSigmoid(f, t)
      f.set(v)
      at.gate(block)
      f.get(v).v128Store()
    })
    // c = f·c_prev + i·g
    f.get(fg)
    at.state(cPrev)
    f.v128Load().simd(Simd.f64x2Mul)
    f.get(ig).get(gg).simd(Simd.f64x2Mul).simd(Simd.f64x2Add).set(c)
    at.state(cOut)
    f.get(c).v128Store()
    f.get(c)
    emitTanh(f, t)
    f.set(tc)
    at.state(tcOut)
    f.get(tc).v128Store()
    at.state(hOut)
    f.get(og).get(tc).simd(Simd.f64x2Mul).v128Store()
  })
  return f
}

/**
 * gatesBackward(g, cPrev, cNext, dhs, dh, dc, B, H): one step of backpropagation through the cell, the
 * JavaScript loop of lstmBackward in the same operation order. In: g the activated gates [B, 4H], c_{t−1},
 * c_t, dL/dh_t from above (dhs) and from step t+1 (dh), dL/dc_t from step t+1 (dc), all [B, H]. Out: the
 * pre-activation gradients dz over g, and dL/dc_{t−1} over dc. tanh(c_t) is recomputed with the same
 * instructions as in gatesForward, so it has the forward pass's bits.
 */
function buildGatesBackward(): WasmFunction {
  const f = new WasmFunction('gatesBackward', 8)
  const [g, cPrev, cNext, dhs, dh, dc, B, H] = [0, 1, 2, 3, 4, 5, 6, 7].map((k) => f.param(k))
  const t = expLocals(f)
  const [tc, dht, dct] = [f.local(V128), f.local(V128), f.local(V128)]
  const gates = [0, 1, 2, 3].map(() => f.local(V128))
  const [ig, fg, gg, og] = gates
  const mul = () => f.simd(Simd.f64x2Mul)
  /** pushes 1 − v·v */
  const oneMinusSquare = (v: number) => f.get(t.one).get(v).get(v).simd(Simd.f64x2Mul).simd(Simd.f64x2Sub)
  /** pushes 1 − v */
  const oneMinus = (v: number) => f.get(t.one).get(v).simd(Simd.f64x2Sub)
  emitOverUnitPairs(f, g, B, H, (at) => {
    gates.forEach((v, block) => {
      at.gate(block)
      f.v128Load().set(v)
    })
    at.state(cNext)
    f.v128Load()
    emitTanh(f, t)
    f.set(tc)
    // dht = dhs + dh;  dct = dc + dht·o·(1 − tc²)
    at.state(dhs)
    f.v128Load()
    at.state(dh)
    f.v128Load().simd(Simd.f64x2Add).set(dht)
    at.state(dc)
    f.v128Load()
    f.get(dht).get(og)
    mul()
    oneMinusSquare(tc)
    mul()
    f.simd(Simd.f64x2Add).set(dct)
    // dz_i = dct·g·i·(1 − i)
    at.gate(0)
    f.get(dct).get(gg)
    mul()
    f.get(ig)
    mul()
    oneMinus(ig)
    mul()
    f.v128Store()
    // dz_f = dct·c_{t−1}·f·(1 − f)
    at.gate(1)
    f.get(dct)
    at.state(cPrev)
    f.v128Load()
    mul()
    f.get(fg)
    mul()
    oneMinus(fg)
    mul()
    f.v128Store()
    // dz_g = dct·i·(1 − g²)
    at.gate(2)
    f.get(dct).get(ig)
    mul()
    oneMinusSquare(gg)
    mul()
    f.v128Store()
    // dz_o = dht·tc·o·(1 − o)
    at.gate(3)
    f.get(dht).get(tc)
    mul()
    f.get(og)
    mul()
    oneMinus(og)
    mul()
    f.v128Store()
    // dL/dc_{t−1} = dct·f
    at.state(dc)
    f.get(dct).get(fg)
    mul()
    f.v128Store()
  })
  return f
}

function buildExp(): WasmFunction {
  const f = new WasmFunction('exp', 3)
  const [dst, src, n] = [0, 1, 2].map((k) => f.param(k))
  const t = expLocals(f)
  const at = f.local(I32)
  const end = f.local(I32)
  f.get(n).i32(3).op(Op.i32Shl).set(end)
  f.loop((top) => {
    f.get(dst).get(at).op(Op.i32Add)
    f.get(src).get(at).op(Op.i32Add).v128Load()
    emitExp(f, t)
    f.v128Store()
    f.addTo(at, 16)
    f.get(at).get(end).op(Op.i32LtU).brIf(top)
  })
  return f
}

/** The module's bytes (a few KB); built once per kernel set. */
export function buildLstmGatesModule(): Uint8Array {
  return encodeModule([buildGatesForward(), buildGatesBackward(), buildExp()], 1, ARENA_MAX_PAGES)
}
