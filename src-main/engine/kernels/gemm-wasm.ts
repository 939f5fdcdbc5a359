import { jsKernels, jsKernels32, KC } from './gemm-js'
import { createWasmLstmGates, gatesModuleUses } from './lstm-gates-wasm'
import {
  buildGemmModule,
  F32_TILE_COLS,
  F32_TILE_ROWS,
  TILE_COLS,
  TILE_ROWS,
  type GemmExports,
} from './gemm-wasm-module'
import type { FloatArray, MatmulKernels, Precision } from './matmul'
import { ownModule, reportFallback, wasmApi, type OwnModule } from '../../wasm/api'
import { relaxedSimdAvailable } from '../../wasm/features'
import { createWasmArena, type WasmArena } from './wasm-arena'
import { f32Lanes, F64_LANES, type Lanes } from './wasm-lanes'

/**
 * Matrix products in WebAssembly SIMD behind the MatmulKernels interface: float64 (f64x2, the reference path,
 * bit-identical to the JavaScript kernels) or float32 (f32x4, the fast path; with relaxed SIMD's fused
 * multiply-add where the engine validates it).
 *
 * Operands that live in the kernels' arena (a network's buffers) are read and written in place; any other array
 * (weights, or an array of the other precision) has the regions a product uses copied into the arena first
 * (TypedArray.set: a memcpy, or a conversion) and C copied back. The module packs its operands into panels
 * there (gemm-wasm-module.ts) and runs the SIMD kernel. Products too small to repay the fixed cost, like the
 * seed config's 1×8×2, go to the JavaScript kernels.
 *
 * Rows of A and C go through in chunks of ROW_CHUNK (NN, NT), and the k dimension of TN in blocks of KC, so
 * the memory holds one chunk rather than a whole time-major buffer (12 288 rows at the L config).
 */

/** Rows of A and C per chunk in NN and NT: the packed A chunk (ROW_CHUNK × KC numbers, 256 KiB) fits in L2. */
const ROW_CHUNK = 128

/**
 * Below this many multiply-adds (M·N·K) the JavaScript kernels are faster: a WebAssembly product has a fixed
 * cost of about 0.6 µs (views, copies, three calls into the module); measured crossover 1 000–2 000. Float64
 * only: there both kernel sets give the same bits. In float32 the JavaScript kernels round differently (they
 * sum in float64), so a window's prediction would depend on the batch it came in (a batch of 1 × a small
 * network falls below the threshold, a batch of 64 does not); float32 products always run in WebAssembly.
 */
const DEFAULT_JS_BELOW = { float64: 2048, float32: 0 }

export interface WasmKernelOptions {
  /** 'float64' (default, the reference) or 'float32' (the fast path). */
  precision?: Precision
  /**
   * Float32 only: use relaxed SIMD's multiply-add when this process validates it (default true). Tests turn it
   * off to compare the products bit for bit with a reference that rounds like separate multiplies and adds.
   */
  fma?: boolean
  /** Products with fewer multiply-adds go to the JavaScript kernels (tests set 0 to run everything in wasm). */
  jsBelow?: number
  /**
   * Also compute the LSTM gate activations in WebAssembly (default true). Their exponential is not Math.exp, so
   * with them training agrees with the JavaScript kernels to rounding instead of bit for bit; tests that check
   * the products' bit-identity turn them off.
   */
  gates?: boolean
}

/** n rounded up to a multiple of m. */
function roundUp(n: number, m: number): number {
  return Math.ceil(n / m) * m
}

/**
 * The module instance on an arena (wasm-arena.ts), for one precision. Offsets into the scratch region are in
 * numbers; every region starts on a 16-byte boundary, so full vectors never straddle two of them.
 */
class WasmGemm {
  /** Numbers per 16 bytes: regions are rounded up to this. */
  private readonly perVector: number
  /** Numbers reserved at the start of the scratch for the kernel's edge tile [MR, NR]. */
  private readonly tile: number
  /** The region prepareB packs into (byte address, bytes), and the arena generation it belongs to. */
  private prepared = { at: -1, bytes: 0, generation: -1 }

  constructor(
    private readonly arena: WasmArena,
    private readonly fns: GemmExports,
    private readonly lanes: Lanes,
    private readonly MR: number,
    private readonly NR: number,
  ) {
    this.perVector = 16 / lanes.bytes
    this.tile = MR * NR
  }

  /** The whole memory as numbers of this precision (re-read after every scratch call). */
  private heap(): FloatArray {
    return this.lanes.bytes === 8 ? this.arena.heap : this.arena.heap32
  }

  private aligned(n: number): number {
    return roundUp(n, this.perVector)
  }

  /**
   * Pack B ([K, N], or [N, K] when transposed) into the panels the kernel reads, in a region of its own that
   * lasts until the next prepareB (the scratch is reused by every product); returns its byte address.
   */
  prepareB(bTransposed: boolean, b: FloatArray, bOff: number, K: number, N: number): number {
    const E = this.lanes.bytes
    const bytes = E * K * roundUp(N, this.NR)
    const p = this.prepared
    if (p.generation !== this.arena.generation || p.bytes < bytes) {
      this.prepared = { at: this.arena.region(bytes), bytes, generation: this.arena.generation }
    }
    // B's copy, when B is not in the arena, goes to the scratch
    const copyAt = this.arena.addressOf(b, bOff, E) < 0 ? this.arena.scratchBytes(E * K * N) : -1
    this.packBInto(this.prepared.at, copyAt, bTransposed, b, bOff, K, N)
    return this.prepared.at
  }

  /**
   * Packs every k-block of B at byte address `dst`; B is read in place when it lives in the arena, else
   * copied to `copyAt` (a byte address in the scratch) first.
   */
  private packBInto(
    dst: number,
    copyAt: number,
    bTransposed: boolean,
    b: FloatArray,
    bOff: number,
    K: number,
    N: number,
  ): void {
    const E = this.lanes.bytes
    const nPadded = roundUp(N, this.NR)
    let bAddr = this.arena.addressOf(b, bOff, E)
    if (bAddr < 0) {
      this.heap().set(b.subarray(bOff, bOff + K * N), copyAt / E)
      bAddr = copyAt
    }
    // line j of B (column j of op(B)) and its element k: NN B[k, j] at k·N + j; NT B[j, k] at j·K + k
    const bLineStride = bTransposed ? K * E : E
    const bKStride = bTransposed ? E : N * E
    for (let k0 = 0; k0 < K; k0 += KC) {
      const kc = Math.min(KC, K - k0)
      this.fns.packB(dst + E * k0 * nPadded, bAddr + k0 * bKStride, bLineStride, bKStride, N, kc)
    }
  }

  /**
   * C[M, N] += A[M, K] · op(B): B is [K, N] (NN) or [N, K] (NT). B is packed once per k-block (or was, by
   * prepareB: its byte address in `prepacked`); the rows of A and C go through in chunks.
   */
  productRowsOfA(
    bTransposed: boolean,
    c: FloatArray,
    cOff: number,
    a: FloatArray,
    aOff: number,
    b: FloatArray | null,
    bOff: number,
    M: number,
    N: number,
    K: number,
    prepacked = -1,
  ): void {
    const { packA, kernel } = this.fns
    const { arena, MR, NR } = this
    const E = this.lanes.bytes
    const kcMax = Math.min(K, KC)
    const chunk = Math.min(M, ROW_CHUNK)
    const nPadded = roundUp(N, NR)
    const packHere = prepacked < 0
    const bIn = packHere ? arena.addressOf(b as FloatArray, bOff, E) : 0
    const aIn = arena.addressOf(a, aOff, E)
    const cIn = arena.addressOf(c, cOff, E)
    // scratch layout (in numbers from s): tile | B copy | packed B (all k-blocks) | A chunk | packed A | C chunk
    // (no B copy and no packed B when B was prepared)
    const bRaw = this.aligned(this.tile)
    const bPacked = this.aligned(bRaw + (packHere && bIn < 0 ? K * N : 0))
    const aRaw = this.aligned(bPacked + (packHere ? K * nPadded : 0))
    const aPacked = this.aligned(aRaw + (aIn < 0 ? chunk * K : 0))
    const cRaw = this.aligned(aPacked + roundUp(chunk, MR) * kcMax)
    const s = arena.scratchBytes(E * (cRaw + (cIn < 0 ? chunk * N : 0))) / E
    const at = (offset: number) => E * (s + offset) // byte address of a scratch offset
    const bPackedAt = packHere ? at(bPacked) : prepacked
    if (packHere) this.packBInto(bPackedAt, at(bRaw), bTransposed, b as FloatArray, bOff, K, N)
    const heap = this.heap()
    for (let i0 = 0; i0 < M; i0 += chunk) {
      const rows = Math.min(chunk, M - i0)
      let aAddr = aIn + E * i0 * K
      if (aIn < 0) {
        heap.set(a.subarray(aOff + i0 * K, aOff + (i0 + rows) * K), s + aRaw)
        aAddr = at(aRaw)
      }
      let cAddr = cIn + E * i0 * N
      if (cIn < 0) {
        heap.set(c.subarray(cOff + i0 * N, cOff + (i0 + rows) * N), s + cRaw)
        cAddr = at(cRaw)
      }
      for (let k0 = 0; k0 < K; k0 += KC) {
        const kc = Math.min(KC, K - k0)
        // rows of A are lines: A[i, k] at i·K + k
        packA(at(aPacked), aAddr + E * k0, K * E, E, rows, kc)
        kernel(cAddr, N * E, at(aPacked), bPackedAt + E * k0 * nPadded, rows, N, kc, at(0))
      }
      if (cIn < 0) c.set(heap.subarray(s + cRaw, s + cRaw + rows * N), cOff + i0 * N)
    }
  }

  /**
   * C[M, N] += A[K, M]ᵀ · B[K, N]: C stays in the memory while K goes through in blocks of KC rows of A and B
   * (K is the long dimension here: all time steps × samples).
   */
  productTN(
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
    const { packA, packB, kernel } = this.fns
    const { arena, MR, NR } = this
    const E = this.lanes.bytes
    const kcMax = Math.min(K, KC)
    const aIn = arena.addressOf(a, aOff, E)
    const bIn = arena.addressOf(b, bOff, E)
    const cIn = arena.addressOf(c, cOff, E)
    // scratch layout (in numbers from s): tile | C copy | A block | B block | packed A | packed B
    const cRaw = this.aligned(this.tile)
    const aRaw = this.aligned(cRaw + (cIn < 0 ? M * N : 0))
    const bRaw = this.aligned(aRaw + (aIn < 0 ? kcMax * M : 0))
    const aPacked = this.aligned(bRaw + (bIn < 0 ? kcMax * N : 0))
    const bPacked = this.aligned(aPacked + roundUp(M, MR) * kcMax)
    const s = arena.scratchBytes(E * (bPacked + roundUp(N, NR) * kcMax)) / E
    const heap = this.heap()
    const at = (offset: number) => E * (s + offset)

    let cAddr = cIn
    if (cIn < 0) {
      heap.set(c.subarray(cOff, cOff + M * N), s + cRaw)
      cAddr = at(cRaw)
    }
    for (let k0 = 0; k0 < K; k0 += KC) {
      const kc = Math.min(KC, K - k0)
      let aAddr = aIn + E * k0 * M
      if (aIn < 0) {
        heap.set(a.subarray(aOff + k0 * M, aOff + (k0 + kc) * M), s + aRaw)
        aAddr = at(aRaw)
      }
      let bAddr = bIn + E * k0 * N
      if (bIn < 0) {
        heap.set(b.subarray(bOff + k0 * N, bOff + (k0 + kc) * N), s + bRaw)
        bAddr = at(bRaw)
      }
      // line i of Aᵀ is column i of A: A[k, i] at k·M + i; line j of B: B[k, j] at k·N + j
      packA(at(aPacked), aAddr, E, M * E, M, kc)
      packB(at(bPacked), bAddr, E, N * E, N, kc)
      kernel(cAddr, N * E, at(aPacked), at(bPacked), M, N, kc, at(0))
    }
    if (cIn < 0) c.set(heap.subarray(s + cRaw, s + cRaw + M * N), cOff)
  }
}

/**
 * The modules, each compiled once per process on first use (null when it does not validate: no SIMD, reported
 * once under its name). Each counts the products it runs (wasm/api.ts: a fast path must be seen to be taken).
 */
const gemmModules: Record<'f64' | 'f32' | 'f32fma', OwnModule> = {
  f64: ownModule('engine gemm', () => buildGemmModule(TILE_ROWS, TILE_COLS, F64_LANES)),
  f32: ownModule('engine gemm f32', () => buildGemmModule(F32_TILE_ROWS, F32_TILE_COLS, f32Lanes(false))),
  // asked for only where the relaxed-SIMD feature test passes (wasm/features.ts)
  f32fma: ownModule('engine gemm f32 fma', () =>
    buildGemmModule(F32_TILE_ROWS, F32_TILE_COLS, f32Lanes(true)),
  ),
}

/**
 * The WebAssembly SIMD kernels on an arena of their own (wasm-arena.ts), or null where WebAssembly, its SIMD
 * instructions or shared memories are unavailable, or compiling is forbidden (a renderer whose
 * Content-Security-Policy lacks 'wasm-unsafe-eval'). `withOwnMemory` makes another instance for one network.
 */
export function createWasmSimdKernels(options: WasmKernelOptions = {}): MatmulKernels | null {
  const precision = options.precision ?? 'float64'
  const fma = precision === 'float32' && options.fma !== false && relaxedSimdAvailable()
  const lanes = precision === 'float64' ? F64_LANES : f32Lanes(fma)
  const own = precision === 'float64' ? gemmModules.f64 : fma ? gemmModules.f32fma : gemmModules.f32
  const gemmUse = own.use
  /** no WebAssembly kernels at all: the gates module, which runs on the products' arena, neither */
  const off = (reason: string | null) => {
    if (reason) reportFallback(gemmUse, reason)
    if (options.gates !== false)
      reportFallback(gatesModuleUses[precision], `the ${gemmUse.name} module it runs beside is unavailable`)
    return null
  }
  const wasm = wasmApi()
  if (!wasm) return off('this process has no WebAssembly')
  const module = own.compiled(wasm)
  if (!module) return off(null) // reported by ownModule
  const arena = createWasmArena()
  if (!arena) return off('no shared WebAssembly memory in this process')
  let gemm: WasmGemm
  try {
    const instance = new wasm.Instance(module, { env: { memory: arena.memory } })
    const [MR, NR] = precision === 'float64' ? [TILE_ROWS, TILE_COLS] : [F32_TILE_ROWS, F32_TILE_COLS]
    gemm = new WasmGemm(arena, instance.exports as unknown as GemmExports, lanes, MR, NR)
  } catch (error) {
    return off(`it cannot be instantiated (${(error as Error).message})`)
  }
  const js = precision === 'float64' ? jsKernels : jsKernels32
  const jsBelow = options.jsBelow ?? DEFAULT_JS_BELOW[precision]
  const gates = options.gates === false ? null : createWasmLstmGates(wasm, arena, lanes)
  const kernels: MatmulKernels = {
    name: precision === 'float64' ? 'wasm-simd-f64' : fma ? 'wasm-simd-f32-fma' : 'wasm-simd-f32',
    precision,
    lstmGatesForward: gates?.forward,
    lstmGatesBackward: gates?.backward,
    withOwnMemory: () => createWasmSimdKernels(options) ?? kernels,
    allocate: (n) => (precision === 'float64' ? arena.allocate(n) : arena.allocate32(n)),
    releaseAll: () => arena.reset(),
    prepareB(b, bOff, K, N, transposed) {
      let packed = -1 // packed on first use: a product small enough for JavaScript never needs it
      return {
        gemm(c, cOff, a, aOff, M) {
          if (M === 0 || N === 0 || K === 0) return
          if (M * N * K < jsBelow) {
            if (transposed) js.gemmNT(c, cOff, a, aOff, b, bOff, M, N, K)
            else js.gemmNN(c, cOff, a, aOff, b, bOff, M, N, K)
            return
          }
          if (packed < 0) packed = gemm.prepareB(transposed, b, bOff, K, N)
          gemmUse.calls++
          gemm.productRowsOfA(transposed, c, cOff, a, aOff, null, 0, M, N, K, packed)
        },
      }
    },
    gemmNN(c, cOff, a, aOff, b, bOff, M, N, K) {
      if (M === 0 || N === 0 || K === 0) return
      if (M * N * K < jsBelow) js.gemmNN(c, cOff, a, aOff, b, bOff, M, N, K)
      else {
        gemmUse.calls++
        gemm.productRowsOfA(false, c, cOff, a, aOff, b, bOff, M, N, K)
      }
    },
    gemmNT(c, cOff, a, aOff, b, bOff, M, N, K) {
      if (M === 0 || N === 0 || K === 0) return
      if (M * N * K < jsBelow) js.gemmNT(c, cOff, a, aOff, b, bOff, M, N, K)
      else {
        gemmUse.calls++
        gemm.productRowsOfA(true, c, cOff, a, aOff, b, bOff, M, N, K)
      }
    },
    gemmTN(c, cOff, a, aOff, b, bOff, M, N, K) {
      if (M === 0 || N === 0 || K === 0) return
      if (M * N * K < jsBelow) js.gemmTN(c, cOff, a, aOff, b, bOff, M, N, K)
      else {
        gemmUse.calls++
        gemm.productTN(c, cOff, a, aOff, b, bOff, M, N, K)
      }
    },
  }
  return kernels
}
