import { ARENA_MAX_PAGES } from './wasm-arena'
import { F64_LANES, type Lanes } from './wasm-lanes'
import { encodeModule, WasmFunction } from '../../wasm/emitter'
import { I32, Op, Simd, V128 } from '../../wasm/opcodes'

/**
 * The WebAssembly SIMD module behind the LSTM gate activations, emitted for float64 (two hidden units per
 * instruction) or float32 (four; see wasm-lanes.ts). All addresses and sizes are in BYTES of the module's memory.
 *
 *   gatesForward(g, cPrev, cOut, hOut, tcOut, B, H)
 *     For one time step, with g the [B, 4H] pre-activations z (gate blocks i, f, g, o of H numbers per row):
 *     i = σ(z_i), f = σ(z_f), g = tanh(z_g), o = σ(z_o) written back over z, then
 *     c = f·c_prev + i·g → cOut, tanh(c) → tcOut, h = o·tanh(c) → hOut (all [B, H]). H must fill whole
 *     vectors (a multiple of the lanes: 2 or 4).
 *
 *   gatesBackward(g, cPrev, cNext, dhs, dh, dc, B, H)
 *     Backpropagation through the same step (see the function's comment). The same condition on H.
 *
 *   exp(dst, src, n)
 *     dst[k] = e^(src[k]) for n numbers (n a multiple of the lanes): the exponential of the gates, exported for
 *     its tests.
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
 *
 * In float32 the same steps run on four lanes with float32's constants: x clamped to [−87, 87] (e^±87 are
 * normal floats), k by adding 1.5·2^23, ln 2 split as 0.693359375 (9 significant bits) + its remainder, the
 * Taylor polynomial of degree 7 (truncation error below 1e-8 relative), and k shifted by 23 into the exponent
 * with i32x4 instructions. At most 2 float32 ulp from the exact value (tested).
 */

/** The constants and instructions of the exponential for one number type. */
interface ExpFormat {
  xMax: number
  magic: number
  ln2Hi: number
  ln2Lo: number
  /** Taylor coefficients 1/n!, n = 0 … degree */
  taylor: number[]
  /** bits of the exponent field's lowest bit: 52 (float64) or 23 (float32) */
  mantissaBits: number
  intShl: number
  intAdd: number
}

/** 1/n! for n = 0 … degree: the Taylor coefficients of e^r. */
function taylor(degree: number): number[] {
  return Array.from({ length: degree + 1 }, (_, n) => n).map((n) => {
    let f = 1
    for (let m = 2; m <= n; m++) f *= m
    return 1 / f
  })
}

const F64_EXP: ExpFormat = {
  xMax: 708,
  magic: 6755399441055744, // 1.5 · 2^52
  ln2Hi: 0.6931471803691238, // the high bits of ln 2 (trailing zeros: k·LN2_HI is exact for |k| < 2^20)
  ln2Lo: 1.9082149292705877e-10, // ln 2 − LN2_HI
  taylor: taylor(13),
  mantissaBits: 52,
  intShl: Simd.i64x2Shl,
  intAdd: Simd.i64x2Add,
}

const F32_EXP: ExpFormat = {
  xMax: 87,
  magic: 12582912, // 1.5 · 2^23
  ln2Hi: 0.693359375, // 355/512: k·LN2_HI is exact in float32 for |k| < 2^15
  ln2Lo: -2.1219444e-4, // ln 2 − LN2_HI, rounded to float32
  taylor: taylor(7),
  mantissaBits: 23,
  intShl: Simd.i32x4Shl,
  intAdd: Simd.i32x4Add,
}

const LOG2E = 1.4426950408889634

/**
 * The v128 locals the exponential needs: scratch values, and its constants, set once at the top of the
 * function (a v128.const inside the loop is materialised again at every use).
 */
interface ExpLocals {
  lanes: Lanes
  format: ExpFormat
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

function expLocals(f: WasmFunction, lanes: Lanes): ExpLocals {
  const format = lanes.precision === 'float64' ? F64_EXP : F32_EXP
  const constant = (value: number) => {
    const local = f.local(V128)
    lanes.constant(f, value)
    f.set(local)
    return local
  }
  return {
    lanes,
    format,
    xc: f.local(V128),
    kp: f.local(V128),
    k: f.local(V128),
    r: f.local(V128),
    r2: f.local(V128),
    r4: f.local(V128),
    r8: f.local(V128),
    lo: constant(-format.xMax),
    hi: constant(format.xMax),
    log2e: constant(LOG2E),
    magic: constant(format.magic),
    ln2Hi: constant(format.ln2Hi),
    ln2Lo: constant(format.ln2Lo),
    taylor: format.taylor.map(constant),
    one: constant(1),
    two: constant(2),
    minusTwo: constant(-2),
  }
}

/** Pops x (a vector of the module's lanes) and pushes e^x (see the module comment). */
function emitExp(f: WasmFunction, t: ExpLocals): void {
  const L = t.lanes
  // pmax(x, lo) = x < lo ? lo : x and pmin(x, hi) = hi < x ? hi : x: one instruction each, and NaN stays NaN
  f.get(t.lo).simd(L.pmax).get(t.hi).simd(L.pmin).set(t.xc)
  f.get(t.xc).get(t.log2e).simd(L.mul).get(t.magic).simd(L.add).tee(t.kp)
  f.get(t.magic).simd(L.sub).set(t.k)
  f.get(t.xc).get(t.k).get(t.ln2Hi).simd(L.mul).simd(L.sub)
  f.get(t.k).get(t.ln2Lo).simd(L.mul).simd(L.sub).set(t.r)
  emitTaylor(f, t)
  // bits(p) + (bits(kp) << 52): p · 2^k, exactly (p ∈ [0.70, 1.42], k ∈ [−1021, 1021]: always normal); in
  // float32 the same with 23 and k ∈ [−126, 126]
  f.get(t.kp).i32(t.format.mantissaBits).simd(t.format.intShl).simd(t.format.intAdd)
}

/**
 * Pushes the Taylor polynomial Σ r^n/n! in Estrin's form: pairs c_n + c_{n+1}·r, then pairs of those combined
 * with r², then with r⁴, r⁸ (degree 13: a dependency chain of about 8 operations against Horner's 26; the
 * gate loop was latency-bound). An odd one out at a level goes up unchanged.
 */
function emitTaylor(f: WasmFunction, t: ExpLocals): void {
  const c = t.taylor
  const L = t.lanes
  const powers = [t.r2, t.r4, t.r8]
  const levels = Math.ceil(Math.log2(c.length)) - 1 // the powers r², r⁴ … the tree needs
  f.get(t.r).get(t.r).simd(L.mul).set(t.r2)
  for (let p = 1; p < levels; p++)
    f.get(powers[p - 1])
      .get(powers[p - 1])
      .simd(L.mul)
      .set(powers[p])
  /** a term of the tree: pushes its value */
  type Term = () => void
  let terms: Term[] = []
  for (let n = 0; n < c.length; n += 2) {
    terms.push(
      n + 1 < c.length
        ? () =>
            f
              .get(c[n + 1])
              .get(t.r)
              .simd(L.mul)
              .get(c[n])
              .simd(L.add)
        : () => f.get(c[n]),
    )
  }
  for (let level = 0; terms.length > 1; level++) {
    const m = powers[level]
    const next: Term[] = []
    for (let k = 0; k < terms.length; k += 2) {
      const [a, b] = [terms[k], terms[k + 1]]
      // a + m·b
      next.push(
        b === undefined
          ? a
          : () => {
              a()
              f.get(m)
              b()
              f.simd(L.mul).simd(L.add)
            },
      )
    }
    terms = next
  }
  terms[0]()
}

/** Pops z, pushes σ(z) = 1 / (1 + e^(−z)). */
function emitSigmoid(f: WasmFunction, t: ExpLocals): void {
  const L = t.lanes
  f.simd(L.neg)
  emitExp(f, t)
  f.get(t.one).simd(L.add).set(t.r)
  f.get(t.one).get(t.r).simd(L.div)
}

/** Pops x, pushes tanh(x) = 2 / (1 + e^(−2x)) − 1. */
function emitTanh(f: WasmFunction, t: ExpLocals): void {
  const L = t.lanes
  f.get(t.minusTwo).simd(L.mul)
  emitExp(f, t)
  f.get(t.one).simd(L.add).set(t.r)
  f.get(t.two).get(t.r).simd(L.div).get(t.one).simd(L.sub)
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
  lanes: Lanes,
  g: number,
  B: number,
  H: number,
  body: (at: UnitPair) => void,
): void {
  const hb = f.local(I32) // H · bytes: the distance between two gate blocks of a row
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
  f.get(H).i32(lanes.alignLog2).op(Op.i32Shl).set(hb)
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

function buildGatesForward(lanes: Lanes): WasmFunction {
  const f = new WasmFunction('gatesForward', 7)
  const [g, cPrev, cOut, hOut, tcOut, B, H] = [0, 1, 2, 3, 4, 5, 6].map((k) => f.param(k))
  const t = expLocals(f, lanes)
  const [c, tc] = [f.local(V128), f.local(V128)]
  const gates = [0, 1, 2, 3].map(() => f.local(V128)) // activated i, f, g, o
  const [ig, fg, gg, og] = gates
  emitOverUnitPairs(f, lanes, g, B, H, (at) => {
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
    f.v128Load().simd(lanes.mul)
    f.get(ig).get(gg).simd(lanes.mul).simd(lanes.add).set(c)
    at.state(cOut)
    f.get(c).v128Store()
    f.get(c)
    emitTanh(f, t)
    f.set(tc)
    at.state(tcOut)
    f.get(tc).v128Store()
    at.state(hOut)
    f.get(og).get(tc).simd(lanes.mul).v128Store()
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
function buildGatesBackward(lanes: Lanes): WasmFunction {
  const f = new WasmFunction('gatesBackward', 8)
  const [g, cPrev, cNext, dhs, dh, dc, B, H] = [0, 1, 2, 3, 4, 5, 6, 7].map((k) => f.param(k))
  const t = expLocals(f, lanes)
  const [tc, dht, dct] = [f.local(V128), f.local(V128), f.local(V128)]
  const gates = [0, 1, 2, 3].map(() => f.local(V128))
  const [ig, fg, gg, og] = gates
  const mul = () => f.simd(lanes.mul)
  /** pushes 1 − v·v */
  const oneMinusSquare = (v: number) => f.get(t.one).get(v).get(v).simd(lanes.mul).simd(lanes.sub)
  /** pushes 1 − v */
  const oneMinus = (v: number) => f.get(t.one).get(v).simd(lanes.sub)
  emitOverUnitPairs(f, lanes, g, B, H, (at) => {
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
    f.v128Load().simd(lanes.add).set(dht)
    at.state(dc)
    f.v128Load()
    f.get(dht).get(og)
    mul()
    oneMinusSquare(tc)
    mul()
    f.simd(lanes.add).set(dct)
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

function buildExp(lanes: Lanes): WasmFunction {
  const f = new WasmFunction('exp', 3)
  const [dst, src, n] = [0, 1, 2].map((k) => f.param(k))
  const t = expLocals(f, lanes)
  const at = f.local(I32)
  const end = f.local(I32)
  f.get(n).i32(lanes.alignLog2).op(Op.i32Shl).set(end)
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

/** The module's bytes (a few KB) for float64 lanes (default) or float32 ones; built once per process. */
export function buildLstmGatesModule(lanes: Lanes = F64_LANES): Uint8Array {
  return encodeModule(
    [buildGatesForward(lanes), buildGatesBackward(lanes), buildExp(lanes)],
    1,
    ARENA_MAX_PAGES,
  )
}
