import { describe, expect, it } from 'vitest'
import { jsKernels } from './gemm-js'
import { kernelsForSetting } from './select'

describe('kernel selection (VF_KERNELS)', () => {
  it('uses the WebAssembly SIMD kernels by default where available (Node 20 has SIMD)', () => {
    expect(kernelsForSetting(undefined).name).toBe('wasm-simd-f64')
    expect(kernelsForSetting('').name).toBe('wasm-simd-f64')
  })

  it('honours an explicit choice', () => {
    expect(kernelsForSetting('js')).toBe(jsKernels)
    expect(kernelsForSetting('wasm-simd').name).toBe('wasm-simd-f64')
  })

  it('refuses an unknown name, saying which names exist', () => {
    expect(() => kernelsForSetting('blas')).toThrow('VF_KERNELS=blas: expected one of js, wasm-simd')
  })
})
