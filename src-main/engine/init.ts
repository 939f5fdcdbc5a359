import type { ModelConfig, ParamSpec } from './config'
import type { Rng } from './rng'

/**
 * Initial weights: Glorot (Xavier) uniform for kernels, limit √(6 / (fanIn + fanOut)) with Keras' fans
 * (kernel [I, 4H]: fanIn I, fanOut 4H); optionally orthogonal recurrent kernels; zero biases except the
 * forget gate's, 1 when unitForgetBias.
 *
 * @param params Float64Array [paramCount] out
 */
export function initParams(params: Float64Array, specs: ParamSpec[], c: ModelConfig, rng: Rng): void {
  for (const s of specs) {
    const w = params.subarray(s.offset, s.offset + s.size)
    if (s.shape.length === 1) {
      w.fill(0)
      if (c.unitForgetBias && s.name.startsWith('lstm_')) w.fill(1, s.size / 4, s.size / 2) // bias[H:2H] = forget gate
    } else if (c.recurrentInit === 'orthogonal' && s.name.endsWith('recurrent_kernel')) {
      orthogonalRows(w, s.shape[0], s.shape[1], rng)
    } else {
      const limit = Math.sqrt(6 / (s.shape[0] + s.shape[1]))
      for (let k = 0; k < s.size; k++) w[k] = rng.uniform(-limit, limit)
    }
  }
}

/**
 * A [rows, cols] matrix (rows ≤ cols) with orthonormal rows (W·Wᵀ = I), from a Gaussian matrix by modified
 * Gram–Schmidt: the same distribution as Keras' orthogonal initialiser (QR of a Gaussian matrix).
 */
export function orthogonalRows(w: Float64Array, rows: number, cols: number, rng: Rng): void {
  if (rows > cols) throw new Error('orthogonalRows needs rows ≤ cols')
  for (let k = 0; k < rows * cols; k++) w[k] = rng.normal()
  for (let r = 0; r < rows; r++) {
    const ro = r * cols
    for (let q = 0; q < r; q++) {
      const qo = q * cols
      let dot = 0
      for (let j = 0; j < cols; j++) dot += w[ro + j] * w[qo + j]
      for (let j = 0; j < cols; j++) w[ro + j] -= dot * w[qo + j]
    }
    let norm = 0
    for (let j = 0; j < cols; j++) norm += w[ro + j] * w[ro + j]
    norm = Math.sqrt(norm)
    for (let j = 0; j < cols; j++) w[ro + j] /= norm
  }
}
