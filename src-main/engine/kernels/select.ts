import { jsKernels } from './gemm-js'
import { createWasmSimdKernels } from './gemm-wasm'
import type { MatmulKernels } from './matmul'

/** The kernel sets that can be chosen by name (benchmark flag, VF_KERNELS). */
export const KERNEL_NAMES = ['js', 'wasm-simd'] as const
export type KernelName = (typeof KERNEL_NAMES)[number]

/** One WebAssembly kernel set per process: its memory is reused by every network, one product at a time. */
let wasmSimd: MatmulKernels | null | undefined

/** null until first asked for: the default is decided once per process (see getMatmulKernels). */
let current: MatmulKernels | null = null

/**
 * The kernels new networks use. By default the WebAssembly SIMD kernels (2–3× faster training, same results
 * bit for bit), or the plain-JavaScript kernels where WebAssembly SIMD is unavailable; the environment
 * variable VF_KERNELS=js|wasm-simd forces one (for comparisons and as an escape hatch).
 */
export function getMatmulKernels(): MatmulKernels {
  if (current === null) current = kernelsForSetting(process.env.VF_KERNELS)
  return current
}

/** Swap in another implementation for networks created afterwards. */
export function setMatmulKernels(kernels: MatmulKernels): void {
  current = kernels
}

/** The kernels for a VF_KERNELS value: unset or empty → the best available; otherwise that set, or an error. */
export function kernelsForSetting(forced: string | undefined): MatmulKernels {
  if (forced === undefined || forced === '') return wasmSimdKernels() ?? jsKernels
  if (!(KERNEL_NAMES as readonly string[]).includes(forced))
    throw new Error(`VF_KERNELS=${forced}: expected one of ${KERNEL_NAMES.join(', ')}`)
  return kernelsByName(forced as KernelName)
}

function wasmSimdKernels(): MatmulKernels | null {
  if (wasmSimd === undefined) wasmSimd = createWasmSimdKernels()
  return wasmSimd
}

/**
 * The kernels called `name`: 'js' (plain JavaScript) or 'wasm-simd' (WebAssembly SIMD, same results bit for
 * bit). Throws when WebAssembly SIMD is unavailable in this process.
 */
export function kernelsByName(name: KernelName): MatmulKernels {
  if (name === 'js') return jsKernels
  const k = wasmSimdKernels()
  if (!k) throw new Error('WebAssembly SIMD is not available in this process')
  return k
}
