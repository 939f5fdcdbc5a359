import { jsKernels } from './gemm-js'
import { createWasmSimdKernels } from './gemm-wasm'
import type { MatmulKernels } from './matmul'

let current: MatmulKernels = jsKernels

/** The kernels new networks use (the plain-JavaScript blocked kernels unless replaced). */
export function getMatmulKernels(): MatmulKernels {
  return current
}

/** Swap in another implementation (e.g. WebAssembly SIMD) for networks created afterwards. */
export function setMatmulKernels(kernels: MatmulKernels): void {
  current = kernels
}

/** The kernel sets that can be chosen by name (benchmark flag, later a setting). */
export const KERNEL_NAMES = ['js', 'wasm-simd'] as const
export type KernelName = (typeof KERNEL_NAMES)[number]

/** One WebAssembly kernel set per process: its memory is reused by every network, one product at a time. */
let wasmSimd: MatmulKernels | null | undefined

/**
 * The kernels called `name`: 'js' (plain JavaScript, the default) or 'wasm-simd' (WebAssembly SIMD, same
 * results bit for bit). Throws when WebAssembly SIMD is unavailable in this process.
 */
export function kernelsByName(name: KernelName): MatmulKernels {
  if (name === 'js') return jsKernels
  if (wasmSimd === undefined) wasmSimd = createWasmSimdKernels()
  if (!wasmSimd) throw new Error('WebAssembly SIMD is not available in this process')
  return wasmSimd
}
