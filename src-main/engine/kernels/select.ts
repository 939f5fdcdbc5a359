import { jsKernels, jsKernels32 } from './gemm-js'
import { createWasmSimdKernels } from './gemm-wasm'
import type { MatmulKernels, Precision } from './matmul'

/** The kernel sets that can be chosen by name (benchmark flag, VF_KERNELS). */
export const KERNEL_NAMES = ['js', 'wasm-simd'] as const
export type KernelName = (typeof KERNEL_NAMES)[number]

/**
 * One WebAssembly kernel set per process and precision (null: unavailable). Each network makes an instance with
 * memory of its own from it (withOwnMemory).
 */
const wasmSimd: Partial<Record<Precision, MatmulKernels | null>> = {}

/** null until first asked for: the default is decided once per process and precision (see getMatmulKernels). */
const current: Partial<Record<Precision, MatmulKernels>> = {}

/**
 * The kernels new networks of a precision use (float64 when not said). By default the WebAssembly SIMD kernels
 * (f64x2 for float64, f32x4 for float32), or the plain-JavaScript kernels where WebAssembly SIMD is
 * unavailable; the environment variable VF_KERNELS=js|wasm-simd forces one (for comparisons and as an escape
 * hatch).
 */
export function getMatmulKernels(precision: Precision = 'float64'): MatmulKernels {
  current[precision] ??= kernelsForSetting(process.env.VF_KERNELS, precision)
  return current[precision]
}

/** Swap in another implementation for networks of its precision created afterwards. */
export function setMatmulKernels(kernels: MatmulKernels): void {
  current[kernels.precision] = kernels
}

/** The kernels for a VF_KERNELS value: unset or empty → the best available; otherwise that set, or an error. */
export function kernelsForSetting(
  forced: string | undefined,
  precision: Precision = 'float64',
): MatmulKernels {
  if (forced === undefined || forced === '') return wasmSimdKernels(precision) ?? javaScriptKernels(precision)
  if (!(KERNEL_NAMES as readonly string[]).includes(forced))
    throw new Error(`VF_KERNELS=${forced}: expected one of ${KERNEL_NAMES.join(', ')}`)
  return kernelsByName(forced as KernelName, precision)
}

function javaScriptKernels(precision: Precision): MatmulKernels {
  return precision === 'float64' ? jsKernels : jsKernels32
}

function wasmSimdKernels(precision: Precision): MatmulKernels | null {
  if (wasmSimd[precision] === undefined) wasmSimd[precision] = createWasmSimdKernels({ precision })
  return wasmSimd[precision]
}

/**
 * The kernels called `name` for a precision: 'js' (plain JavaScript) or 'wasm-simd' (WebAssembly SIMD; in
 * float64 the same results bit for bit). Throws when WebAssembly SIMD is unavailable in this process.
 */
export function kernelsByName(name: KernelName, precision: Precision = 'float64'): MatmulKernels {
  if (name === 'js') return javaScriptKernels(precision)
  const k = wasmSimdKernels(precision)
  if (!k) throw new Error('WebAssembly SIMD is not available in this process')
  return k
}
