import { jsKernels, KC } from './gemm-js'
import { createWasmLstmGates, gatesModuleUse } from './lstm-gates-wasm'
import { buildGemmModule, TILE_COLS, TILE_ROWS, type GemmExports } from './gemm-wasm-module'
import type { MatmulKernels } from './matmul'
import { ownModule, reportFallback, wasmApi } from '../../wasm/api'
import { createWasmArena, type WasmArena } from './wasm-arena'

/**
 * Matrix products in WebAssembly SIMD (f64x2), float64, behind the MatmulKernels interface.
 *
 * The engine's arrays are ordinary Float64Arrays, which WebAssembly cannot read, so every product copies the
 * regions it uses into the module's own memory (TypedArray.set: a memcpy), packs them into 4-line panels there
 * (gemm-wasm-module.ts), runs the SIMD kernel and copies C back (C too is copied in: products accumulate).
 * The copies cost O(M·K + K·N + M·N) against O(M·N·K) multiply-adds; products too small to repay them, like
 * the seed config's 1×8×2, go to the JavaScript kernels, which give the same bits.
 *
 * Rows of A and C go through in chunks of ROW_CHUNK (NN, NT), and the k dimension of TN in blocks of KC, so
 * the memory holds one chunk rather than a whole time-major buffer (12 288 rows at the L config).
 */

/** Rows of A and C per chunk in NN and NT: the packed A chunk (ROW_CHUNK × KC numbers, 256 KiB) fits in L2. */
const ROW_CHUNK = 128

/**
 * Below this many multiply-adds (M·N·K) the JavaScript kernels are faster: a WebAssembly product has a fixed
 * cost of about 0.6 µs (views, copies, three calls into the module); measured crossover 1 000–2 000.
 */
const DEFAULT_JS_BELOW = 2048

/** Numbers reserved at address 0 for the kernel's edge tile [TILE_ROWS, TILE_COLS]. */
const TILE = TILE_ROWS * TILE_COLS

export interface WasmKernelOptions {
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

/** Regions start on 16-byte boundaries (an even number of doubles), so full vectors never straddle them. */
function even(n: number): number {
  return n + (n & 1)
}

/**
 * The module instance on an arena (wasm-arena.ts). An operand that lives in the arena (a network's buffer,
 * allocated there) is read and written in place; any other is copied into the arena's scratch region first
 * (and C copied back after). Either way the product is the same, bit for bit.
 */
class WasmGemm {
  constructor(
    private readonly arena: WasmArena,
    private readonly fns: GemmExports,
  ) {}

  /**
   * C[M, N] += A[M, K] · op(B): B is [K, N] (NN) or [N, K] (NT). B is packed once per k-block; the rows of A and
   * C go through in chunks.
   */
  productRowsOfA(
    bTransposed: boolean,
    c: Float64Array,
    cOff: number,
    a: Float64Array,
    aOff: number,
    b: Float64Array,
    bOff: number,
    M: number,
    N: number,
    K: number,
  ): void {
    const { packA, packB, kernel } = this.fns
    const arena = this.arena
    const kcMax = Math.min(K, KC)
    const chunk = Math.min(M, ROW_CHUNK)
    const nPadded = roundUp(N, TILE_COLS)
    const bIn = arena.addressOf(b, bOff)
    const aIn = arena.addressOf(a, aOff)
    const cIn = arena.addressOf(c, cOff)
    // scratch layout (in numbers from s): tile | B copy | packed B (all k-blocks) | A chunk | packed A | C chunk
    const bRaw = TILE
    const bPacked = even(bRaw + (bIn < 0 ? K * N : 0))
    const aRaw = bPacked + K * nPadded
    const aPacked = even(aRaw + (aIn < 0 ? chunk * K : 0))
    const cRaw = aPacked + roundUp(chunk, TILE_ROWS) * kcMax
    const s = arena.scratch(cRaw + (cIn < 0 ? chunk * N : 0))
    const heap = arena.heap
    const at = (offset: number) => 8 * (s + offset) // byte address of a scratch offset

    let bAddr = bIn
    if (bIn < 0) {
      heap.set(b.subarray(bOff, bOff + K * N), s + bRaw)
      bAddr = at(bRaw)
    }
    // line j of B (column j of op(B)) and its element k: NN B[k, j] at k·N + j; NT B[j, k] at j·K + k
    const bLineStride = bTransposed ? K * 8 : 8
    const bKStride = bTransposed ? 8 : N * 8
    for (let k0 = 0; k0 < K; k0 += KC) {
      const kc = Math.min(KC, K - k0)
      packB(at(bPacked + k0 * nPadded), bAddr + k0 * bKStride, bLineStride, bKStride, N, kc)
    }
    for (let i0 = 0; i0 < M; i0 += chunk) {
      const rows = Math.min(chunk, M - i0)
      let aAddr = aIn + 8 * i0 * K
      if (aIn < 0) {
        heap.set(a.subarray(aOff + i0 * K, aOff + (i0 + rows) * K), s + aRaw)
        aAddr = at(aRaw)
      }
      let cAddr = cIn + 8 * i0 * N
      if (cIn < 0) {
        heap.set(c.subarray(cOff + i0 * N, cOff + (i0 + rows) * N), s + cRaw)
        cAddr = at(cRaw)
      }
      for (let k0 = 0; k0 < K; k0 += KC) {
        const kc = Math.min(KC, K - k0)
        // rows of A are lines: A[i, k] at i·K + k
        packA(at(aPacked), aAddr + 8 * k0, K * 8, 8, rows, kc)
        kernel(cAddr, N * 8, at(aPacked), at(bPacked + k0 * nPadded), rows, N, kc, at(0))
      }
      if (cIn < 0) c.set(heap.subarray(s + cRaw, s + cRaw + rows * N), cOff + i0 * N)
    }
  }

  /**
   * C[M, N] += A[K, M]ᵀ · B[K, N]: C stays in the memory while K goes through in blocks of KC rows of A and B
   * (K is the long dimension here: all time steps × samples).
   */
  productTN(
    c: Float64Array,
    cOff: number,
    a: Float64Array,
    aOff: number,
    b: Float64Array,
    bOff: number,
    M: number,
    N: number,
    K: number,
  ): void {
    const { packA, packB, kernel } = this.fns
    const arena = this.arena
    const kcMax = Math.min(K, KC)
    const aIn = arena.addressOf(a, aOff)
    const bIn = arena.addressOf(b, bOff)
    const cIn = arena.addressOf(c, cOff)
    // scratch layout (in numbers from s): tile | C copy | A block | B block | packed A | packed B
    const cRaw = TILE
    const aRaw = even(cRaw + (cIn < 0 ? M * N : 0))
    const bRaw = even(aRaw + (aIn < 0 ? kcMax * M : 0))
    const aPacked = even(bRaw + (bIn < 0 ? kcMax * N : 0))
    const bPacked = aPacked + roundUp(M, TILE_ROWS) * kcMax
    const s = arena.scratch(bPacked + roundUp(N, TILE_COLS) * kcMax)
    const heap = arena.heap
    const at = (offset: number) => 8 * (s + offset)

    let cAddr = cIn
    if (cIn < 0) {
      heap.set(c.subarray(cOff, cOff + M * N), s + cRaw)
      cAddr = at(cRaw)
    }
    for (let k0 = 0; k0 < K; k0 += KC) {
      const kc = Math.min(KC, K - k0)
      let aAddr = aIn + 8 * k0 * M
      if (aIn < 0) {
        heap.set(a.subarray(aOff + k0 * M, aOff + (k0 + kc) * M), s + aRaw)
        aAddr = at(aRaw)
      }
      let bAddr = bIn + 8 * k0 * N
      if (bIn < 0) {
        heap.set(b.subarray(bOff + k0 * N, bOff + (k0 + kc) * N), s + bRaw)
        bAddr = at(bRaw)
      }
      // line i of Aᵀ is column i of A: A[k, i] at k·M + i; line j of B: B[k, j] at k·N + j
      packA(at(aPacked), aAddr, 8, M * 8, M, kc)
      packB(at(bPacked), bAddr, 8, N * 8, N, kc)
      kernel(cAddr, N * 8, at(aPacked), at(bPacked), M, N, kc, at(0))
    }
    if (cIn < 0) c.set(heap.subarray(s + cRaw, s + cRaw + M * N), cOff)
  }
}

/** The module, compiled once per process (null when it does not validate: no SIMD, reported once). */
const gemmModule = ownModule('engine gemm', buildGemmModule)
/** counted per product run in WebAssembly (wasm/api.ts: a fast path must be seen to be taken) */
const gemmUse = gemmModule.use

/**
 * The WebAssembly SIMD kernels on an arena of their own (wasm-arena.ts), or null where WebAssembly, its SIMD
 * instructions or shared memories are unavailable, or compiling is forbidden (a renderer whose
 * Content-Security-Policy lacks 'wasm-unsafe-eval'). `withOwnMemory` makes another instance for one network.
 */
export function createWasmSimdKernels(options: WasmKernelOptions = {}): MatmulKernels | null {
  /** no WebAssembly kernels at all: the gates module, which runs on the products' arena, neither */
  const off = (reason: string | null) => {
    if (reason) reportFallback(gemmUse, reason)
    if (options.gates !== false)
      reportFallback(gatesModuleUse, 'the engine gemm module it runs beside is unavailable')
    return null
  }
  const wasm = wasmApi()
  if (!wasm) return off('this process has no WebAssembly')
  const module = gemmModule.compiled(wasm)
  if (!module) return off(null) // reported by ownModule
  const arena = createWasmArena()
  if (!arena) return off('no shared WebAssembly memory in this process')
  let gemm: WasmGemm
  try {
    const instance = new wasm.Instance(module, { env: { memory: arena.memory } })
    gemm = new WasmGemm(arena, instance.exports as unknown as GemmExports)
  } catch (error) {
    return off(`it cannot be instantiated (${(error as Error).message})`)
  }
  const jsBelow = options.jsBelow ?? DEFAULT_JS_BELOW
  const gates = options.gates === false ? null : createWasmLstmGates(wasm, arena)
  const kernels: MatmulKernels = {
    name: 'wasm-simd-f64',
    lstmGatesForward: gates?.forward,
    lstmGatesBackward: gates?.backward,
    withOwnMemory: () => createWasmSimdKernels(options) ?? kernels,
    allocate: (n) => arena.allocate(n),
    releaseAll: () => arena.reset(),
    gemmNN(c, cOff, a, aOff, b, bOff, M, N, K) {
      if (M === 0 || N === 0 || K === 0) return
      if (M * N * K < jsBelow) jsKernels.gemmNN(c, cOff, a, aOff, b, bOff, M, N, K)
      else {
        gemmUse.calls++
        gemm.productRowsOfA(false, c, cOff, a, aOff, b, bOff, M, N, K)
      }
    },
    gemmNT(c, cOff, a, aOff, b, bOff, M, N, K) {
      if (M === 0 || N === 0 || K === 0) return
      if (M * N * K < jsBelow) jsKernels.gemmNT(c, cOff, a, aOff, b, bOff, M, N, K)
      else {
        gemmUse.calls++
        gemm.productRowsOfA(true, c, cOff, a, aOff, b, bOff, M, N, K)
      }
    },
    gemmTN(c, cOff, a, aOff, b, bOff, M, N, K) {
      if (M === 0 || N === 0 || K === 0) return
      if (M * N * K < jsBelow) jsKernels.gemmTN(c, cOff, a, aOff, b, bOff, M, N, K)
      else {
        gemmUse.calls++
        gemm.productTN(c, cOff, a, aOff, b, bOff, M, N, K)
      }
    },
  }
  return kernels
}
