import { jsKernels } from './gemm-js'
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
