import { jsKernels, KC } from './gemm-js'
import { createWasmLstmGates } from './lstm-gates-wasm'
import { buildGemmModule, MIN_PAGES, TILE_COLS, TILE_ROWS, type GemmExports } from './gemm-wasm-module'
import type { MatmulKernels } from './matmul'
import { wasmApi, type WasmMemory } from './wasm-api'

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

const PAGE_BYTES = 65536

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

/** The module instance, its memory, and a Float64Array view that is re-created whenever the memory grows. */
class WasmGemm {
  private heap: Float64Array

  constructor(
    private readonly memory: WasmMemory,
    private readonly fns: GemmExports,
  ) {
    this.heap = new Float64Array(memory.buffer)
  }

  /**
   * Make the memory hold at least `doubles` numbers. Growth detaches the old buffer, so it happens only here,
   * at the start of a product, and the view is re-created; the memory never shrinks (the next call of the same
   * shape needs it again).
   */
  private reserve(doubles: number): Float64Array {
    const bytes = doubles * 8
    const have = this.memory.buffer.byteLength
    if (bytes > have) {
      this.memory.grow(Math.ceil((bytes - have) / PAGE_BYTES))
      this.heap = new Float64Array(this.memory.buffer)
    }
    return this.heap
  }

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
    const kcMax = Math.min(K, KC)
    const chunk = Math.min(M, ROW_CHUNK)
    const nPadded = roundUp(N, TILE_COLS)
    // layout (in numbers): tile | B | packed B (all k-blocks) | A chunk | packed A block | C chunk
    const bRaw = TILE
    const bPacked = even(bRaw + K * N)
    const aRaw = bPacked + K * nPadded
    const aPacked = even(aRaw + chunk * K)
    const cRaw = aPacked + roundUp(chunk, TILE_ROWS) * kcMax
    const heap = this.reserve(cRaw + chunk * N)

    heap.set(b.subarray(bOff, bOff + K * N), bRaw)
    // line j of B (column j of op(B)) and its element k: NN B[k, j] at k·N + j; NT B[j, k] at j·K + k
    const bLineStride = bTransposed ? K * 8 : 8
    const bKStride = bTransposed ? 8 : N * 8
    for (let k0 = 0; k0 < K; k0 += KC) {
      const kc = Math.min(KC, K - k0)
      packB(8 * (bPacked + k0 * nPadded), 8 * bRaw + k0 * bKStride, bLineStride, bKStride, N, kc)
    }
    for (let i0 = 0; i0 < M; i0 += chunk) {
      const rows = Math.min(chunk, M - i0)
      heap.set(a.subarray(aOff + i0 * K, aOff + (i0 + rows) * K), aRaw)
      heap.set(c.subarray(cOff + i0 * N, cOff + (i0 + rows) * N), cRaw)
      for (let k0 = 0; k0 < K; k0 += KC) {
        const kc = Math.min(KC, K - k0)
        // rows of A are lines: A[i, k] at i·K + k
        packA(8 * aPacked, 8 * (aRaw + k0), K * 8, 8, rows, kc)
        kernel(8 * cRaw, N * 8, 8 * aPacked, 8 * (bPacked + k0 * nPadded), rows, N, kc, 0)
      }
      c.set(heap.subarray(cRaw, cRaw + rows * N), cOff + i0 * N)
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
    const kcMax = Math.min(K, KC)
    // layout (in numbers): tile | C | A block | B block | packed A | packed B
    const cRaw = TILE
    const aRaw = even(cRaw + M * N)
    const bRaw = even(aRaw + kcMax * M)
    const aPacked = even(bRaw + kcMax * N)
    const bPacked = aPacked + roundUp(M, TILE_ROWS) * kcMax
    const heap = this.reserve(bPacked + roundUp(N, TILE_COLS) * kcMax)

    heap.set(c.subarray(cOff, cOff + M * N), cRaw)
    for (let k0 = 0; k0 < K; k0 += KC) {
      const kc = Math.min(KC, K - k0)
      heap.set(a.subarray(aOff + k0 * M, aOff + (k0 + kc) * M), aRaw)
      heap.set(b.subarray(bOff + k0 * N, bOff + (k0 + kc) * N), bRaw)
      // line i of Aᵀ is column i of A: A[k, i] at k·M + i; line j of B: B[k, j] at k·N + j
      packA(8 * aPacked, 8 * aRaw, 8, M * 8, M, kc)
      packB(8 * bPacked, 8 * bRaw, 8, N * 8, N, kc)
      kernel(8 * cRaw, N * 8, 8 * aPacked, 8 * bPacked, M, N, kc, 0)
    }
    c.set(heap.subarray(cRaw, cRaw + M * N), cOff)
  }
}

/**
 * The WebAssembly SIMD kernels, or null where WebAssembly or its SIMD instructions are unavailable (the module
 * does not validate) or compiling is forbidden (a renderer whose Content-Security-Policy lacks
 * 'wasm-unsafe-eval'). Each call builds its own module instance and memory: kernel sets share nothing.
 */
export function createWasmSimdKernels(options: WasmKernelOptions = {}): MatmulKernels | null {
  const wasm = wasmApi()
  if (!wasm) return null
  const bytes = buildGemmModule()
  if (!wasm.validate(bytes)) return null
  let gemm: WasmGemm
  try {
    const memory = new wasm.Memory({ initial: MIN_PAGES })
    const instance = new wasm.Instance(new wasm.Module(bytes), { env: { memory } })
    gemm = new WasmGemm(memory, instance.exports as unknown as GemmExports)
  } catch {
    return null
  }
  const jsBelow = options.jsBelow ?? DEFAULT_JS_BELOW
  const lstmGatesForward = options.gates === false ? undefined : (createWasmLstmGates() ?? undefined)
  return {
    name: 'wasm-simd-f64',
    lstmGatesForward,
    gemmNN(c, cOff, a, aOff, b, bOff, M, N, K) {
      if (M === 0 || N === 0 || K === 0) return
      if (M * N * K < jsBelow) jsKernels.gemmNN(c, cOff, a, aOff, b, bOff, M, N, K)
      else gemm.productRowsOfA(false, c, cOff, a, aOff, b, bOff, M, N, K)
    },
    gemmNT(c, cOff, a, aOff, b, bOff, M, N, K) {
      if (M === 0 || N === 0 || K === 0) return
      if (M * N * K < jsBelow) jsKernels.gemmNT(c, cOff, a, aOff, b, bOff, M, N, K)
      else gemm.productRowsOfA(true, c, cOff, a, aOff, b, bOff, M, N, K)
    },
    gemmTN(c, cOff, a, aOff, b, bOff, M, N, K) {
      if (M === 0 || N === 0 || K === 0) return
      if (M * N * K < jsBelow) jsKernels.gemmTN(c, cOff, a, aOff, b, bOff, M, N, K)
      else gemm.productTN(c, cOff, a, aOff, b, bOff, M, N, K)
    },
  }
}
