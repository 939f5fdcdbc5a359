/**
 * Run by gemm-wasm-f32.test.ts in a child Node started with --experimental-wasm-relaxed-simd: the float32
 * products with relaxed SIMD's multiply-add against exact float64 products and the separately rounded float32
 * ones. Prints one JSON line.
 */
import { Rng } from '../rng'
import { createWasmSimdKernels } from './gemm-wasm'
import type { MatmulKernels } from './matmul'
import { relaxedSimdAvailable } from '../../wasm/features'

const fused = createWasmSimdKernels({ precision: 'float32', jsBelow: 0 }) as MatmulKernels
const separate = createWasmSimdKernels({ precision: 'float32', fma: false, jsBelow: 0 }) as MatmulKernels
const rng = new Rng(7)
let worst = 0
let fusedSomewhere = false
for (const [M, N, K] of [
  [64, 128, 32],
  [13, 6, 513],
  [5, 9, 300],
  [128, 512, 128],
]) {
  const a = new Float32Array(M * K).map(() => rng.uniform(-1, 1))
  const b = new Float32Array(K * N).map(() => rng.uniform(-1, 1))
  const c = new Float32Array(M * N)
  const d = new Float32Array(M * N)
  fused.gemmNN(c, 0, a, 0, b, 0, M, N, K)
  separate.gemmNN(d, 0, a, 0, b, 0, M, N, K)
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let exact = 0
      let size = 0
      for (let k = 0; k < K; k++) {
        exact += a[i * K + k] * b[k * N + j]
        size += Math.abs(a[i * K + k] * b[k * N + j])
      }
      worst = Math.max(worst, Math.abs(c[i * N + j] - exact) / size)
      if (c[i * N + j] !== d[i * N + j]) fusedSomewhere = true
    }
  }
}
process.stdout.write(
  JSON.stringify({ name: fused.name, relaxed: relaxedSimdAvailable(), worst, fusedSomewhere }),
)
