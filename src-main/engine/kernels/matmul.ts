/**
 * The matrix-product interface the engine's layers are written against.
 *
 * Every matrix is row-major and dense (a row of a [R, C] matrix is C consecutive numbers) and starts at an
 * offset into its array, so a time slice of a time-major buffer can be passed without creating a view in the
 * time loop. Every product ACCUMULATES into C (C += ...): callers zero C when they want a plain product.
 *
 * A faster implementation (WebAssembly SIMD: gemm-wasm.ts) only has to provide these three functions; the model
 * code does not change (see `setMatmulKernels`, `kernelsByName`).
 */
export interface MatmulKernels {
  /** Human-readable name, printed by the benchmark. */
  readonly name: string
  /** C[M, N] += A[M, K] · B[K, N] */
  gemmNN(
    c: Float64Array,
    cOff: number,
    a: Float64Array,
    aOff: number,
    b: Float64Array,
    bOff: number,
    M: number,
    N: number,
    K: number,
  ): void
  /** C[M, N] += A[M, K] · B[N, K]ᵀ  (B is stored [N, K]: each output is a dot product of two rows) */
  gemmNT(
    c: Float64Array,
    cOff: number,
    a: Float64Array,
    aOff: number,
    b: Float64Array,
    bOff: number,
    M: number,
    N: number,
    K: number,
  ): void
  /** C[M, N] += A[K, M]ᵀ · B[K, N]  (A is stored [K, M]: the weight-gradient product over many samples) */
  gemmTN(
    c: Float64Array,
    cOff: number,
    a: Float64Array,
    aOff: number,
    b: Float64Array,
    bOff: number,
    M: number,
    N: number,
    K: number,
  ): void
}
