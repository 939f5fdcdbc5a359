/**
 * The number type of a network's weights, activations and gradients: float64 (the reference: gradient checks,
 * TF.js agreement) or float32 (the fast path, as PyTorch and TensorFlow.js train). A kernel set works in one.
 */
export type Precision = 'float64' | 'float32'
export const PRECISIONS: readonly Precision[] = ['float32', 'float64']

/** An array of the engine's numbers, in either precision. */
export type FloatArray = Float64Array | Float32Array

/** n zeroed numbers of the given precision. */
export function newFloats(precision: Precision, n: number): FloatArray {
  return precision === 'float32' ? new Float32Array(n) : new Float64Array(n)
}

/**
 * The matrix-product interface the engine's layers are written against.
 *
 * Every matrix is row-major and dense (a row of a [R, C] matrix is C consecutive numbers) and starts at an
 * offset into its array, so a time slice of a time-major buffer can be passed without creating a view in the
 * time loop. Every product ACCUMULATES into C (C += ...): callers zero C when they want a plain product.
 *
 * A faster implementation (WebAssembly SIMD: gemm-wasm.ts) only has to provide these three functions; the model
 * code does not change (see `setMatmulKernels`, `kernelsByName`). It may also provide the LSTM step's gate
 * activations, the other hot loop of training (`lstmGatesForward`).
 */
export interface MatmulKernels {
  /** Human-readable name, printed by the benchmark. */
  readonly name: string
  /**
   * The numbers these kernels are fast on: networks built with them hold their weights, buffers and gradients
   * in this precision. (Every function accepts either array type; the other one is copied and converted.)
   */
  readonly precision: Precision
  /** Optional faster gate activations of one LSTM step; without it lstm-layer.ts runs its JavaScript loop. */
  readonly lstmGatesForward?: LstmGatesForward
  /** Optional faster backward pass through one LSTM step's gates (same fallback). */
  readonly lstmGatesBackward?: LstmGatesBackward
  /**
   * Optional: B made ready once for many products with it, like the recurrent kernel at every time step
   * (WebAssembly: packed into panels once per pass instead of once per step). `transposed`: B is stored
   * [N, K] (as in gemmNT), else [K, N]. The result is valid until the next prepareB call on these kernels
   * and while B is unchanged; its products give the same bits as gemmNN / gemmNT with B.
   */
  readonly prepareB?: (b: FloatArray, bOff: number, K: number, N: number, transposed: boolean) => PreparedB
  /**
   * Optional: a new instance with memory of its own, for one network, and `allocate` for that network's
   * working buffers: buffers allocated there are used in place by the products and the gate activations
   * (WebAssembly reads only its own memory; anything else is copied in and out on every call).
   */
  readonly withOwnMemory?: () => MatmulKernels
  /** n zeroed numbers of this kernel set's precision in this instance's memory (with withOwnMemory). */
  readonly allocate?: (n: number) => FloatArray
  /** Forget every buffer `allocate` returned; the memory is reused by the next allocations. */
  readonly releaseAll?: () => void
  /** C[M, N] += A[M, K] · B[K, N] */
  gemmNN(
    c: FloatArray,
    cOff: number,
    a: FloatArray,
    aOff: number,
    b: FloatArray,
    bOff: number,
    M: number,
    N: number,
    K: number,
  ): void
  /** C[M, N] += A[M, K] · B[N, K]ᵀ  (B is stored [N, K]: each output is a dot product of two rows) */
  gemmNT(
    c: FloatArray,
    cOff: number,
    a: FloatArray,
    aOff: number,
    b: FloatArray,
    bOff: number,
    M: number,
    N: number,
    K: number,
  ): void
  /** C[M, N] += A[K, M]ᵀ · B[K, N]  (A is stored [K, M]: the weight-gradient product over many samples) */
  gemmTN(
    c: FloatArray,
    cOff: number,
    a: FloatArray,
    aOff: number,
    b: FloatArray,
    bOff: number,
    M: number,
    N: number,
    K: number,
  ): void
}

/** A B operand made ready by MatmulKernels.prepareB. */
export interface PreparedB {
  /** C[M, N] += A[M, K] · op(B) */
  gemm(c: FloatArray, cOff: number, a: FloatArray, aOff: number, M: number): void
}

/**
 * The activations of one LSTM time step (the reference is the JavaScript loop in lstm-layer.ts; an
 * implementation agrees with it to rounding). With z = gates[gOff .. gOff + B·4H] the step's pre-activations
 * ([B, 4H], gate blocks i, f, g, o): writes the activated gates over z, c_t = f·c_{t−1} + i·g to
 * cs[cNextOff ..], h_t = o·tanh(c_t) to hs[hNextOff ..] and, when tanhC is not null, tanh(c_t) to
 * tanhC[tcOff ..] (all [B, H]); c_{t−1} is read from cs[cPrevOff ..].
 *
 * @returns false when this implementation does not handle the shape (the caller then runs the reference loop)
 */
export type LstmGatesForward = (
  gates: FloatArray,
  gOff: number,
  cs: FloatArray,
  cPrevOff: number,
  cNextOff: number,
  hs: FloatArray,
  hNextOff: number,
  tanhC: FloatArray | null,
  tcOff: number,
  B: number,
  H: number,
) => boolean

/**
 * Backpropagation through the gates of one LSTM time step (the reference is the JavaScript loop in
 * lstmBackward). In: the activated gates at gates[gOff ..] ([B, 4H]), c_{t−1} at cs[cPrevOff ..], c_t at
 * cs[cNextOff ..], dL/dh_t from the layer above at dhs[dhsOff ..], from step t+1 in dh, dL/dc_t in dc (all
 * [B, H]; dh and dc from offset 0). Out: dL/dz over the gates, dL/dc_{t−1} over dc.
 *
 * @returns false when this implementation does not handle the shape (the caller then runs the reference loop)
 */
export type LstmGatesBackward = (
  gates: FloatArray,
  gOff: number,
  cs: FloatArray,
  cPrevOff: number,
  cNextOff: number,
  dhs: FloatArray,
  dhsOff: number,
  dh: FloatArray,
  dc: FloatArray,
  B: number,
  H: number,
) => boolean
