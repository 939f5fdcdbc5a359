import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Rng } from '../rng'
import { KC } from './gemm-js'
import { createWasmSimdKernels } from './gemm-wasm'
import { buildGemmModule, F32_TILE_COLS, F32_TILE_ROWS } from './gemm-wasm-module'
import type { MatmulKernels } from './matmul'
import { kernelsByName, kernelsForSetting } from './select'
import { f32Lanes } from './wasm-lanes'
import { wasmApi } from '../../wasm/api'
import { relaxedSimdAvailable } from '../../wasm/features'

type Product = 'NN' | 'NT' | 'TN'

/**
 * The float32 products as WebAssembly computes them without a fused multiply-add: for each KC block of k, an
 * accumulator from zero gets fround(acc + fround(a·b)) in k order, then C = fround(C + acc). (The product of
 * two floats is exact in a double, and a double has more than 2·24 + 2 bits, so rounding the double result
 * once more to float32 gives the float32 operation's bits.)
 */
function reference(
  kind: Product,
  c: Float32Array,
  cOff: number,
  a: Float32Array,
  aOff: number,
  b: Float32Array,
  bOff: number,
  M: number,
  N: number,
  K: number,
): void {
  const f = Math.fround
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      for (let k0 = 0; k0 < K; k0 += KC) {
        let acc = 0
        for (let k = k0; k < Math.min(K, k0 + KC); k++) {
          const x = kind === 'TN' ? a[aOff + k * M + i] : a[aOff + i * K + k]
          const y = kind === 'NT' ? b[bOff + j * K + k] : b[bOff + k * N + j]
          acc = f(acc + f(x * y))
        }
        c[cOff + i * N + j] = f(c[cOff + i * N + j] + acc)
      }
    }
  }
}

describe('WebAssembly SIMD float32 products (f32x4)', () => {
  it('emits modules that validate: without fused multiply-add always, with it exactly where the feature test says', () => {
    const wasm = wasmApi()!
    expect(wasm.validate(buildGemmModule(F32_TILE_ROWS, F32_TILE_COLS, f32Lanes(false)))).toBe(true)
    expect(wasm.validate(buildGemmModule(F32_TILE_ROWS, F32_TILE_COLS, f32Lanes(true)))).toBe(
      relaxedSimdAvailable(),
    )
  })

  const kernels = createWasmSimdKernels({ precision: 'float32', fma: false, jsBelow: 0 }) as MatmulKernels
  const rng = new Rng(32)
  const fill = (n: number) => new Float32Array(n).map(() => rng.uniform(-1, 1))
  // around the 4×8 tile, the KC = 256 k-block and the 128-row chunk, 1-wide edges, and the LSTM shapes
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [3, 5, 7],
    [4, 8, 4],
    [5, 9, 300],
    [13, 6, 513],
    [64, 128, 32],
    [130, 7, 1],
    [257, 17, 3],
    [32, 256, 64],
    [7, 1, 9],
    ...Array.from({ length: 30 }, (): [number, number, number] => [
      1 + rng.int(70),
      1 + rng.int(70),
      1 + rng.int(300),
    ]),
  ]

  for (const kind of ['NN', 'NT', 'TN'] as const) {
    it(`gemm${kind} gives the float32 reference's bits, at offsets, operands in and out of the arena`, () => {
      expect(kernels.precision).toBe('float32')
      const own = kernels.withOwnMemory!()
      for (const [M, N, K] of shapes) {
        const [offA, offB, offC] = [rng.int(4), rng.int(4), rng.int(4)]
        const a = fill(offA + M * K + 3)
        const b = fill(offB + K * N + 3)
        const c = fill(offC + M * N + 3)
        const want = c.slice()
        reference(kind, want, offC, a, offA, b, offB, M, N, K)
        const copied = c.slice()
        kernels[`gemm${kind}`](copied, offC, a, offA, b, offB, M, N, K)
        expect(copied, `gemm${kind} ${M}×${N}×${K} copied`).toEqual(want)
        // the same operands allocated in the kernels' memory: used in place
        own.releaseAll!()
        const inArena = (src: Float32Array) => {
          const v = own.allocate!(src.length)
          v.set(src)
          return v
        }
        const inPlace = inArena(c)
        own[`gemm${kind}`](inPlace, offC, inArena(a), offA, inArena(b), offB, M, N, K)
        expect(inPlace, `gemm${kind} ${M}×${N}×${K} in place`).toEqual(want)
      }
    })
  }

  it('converts float64 operands it is given (copied in, rounded once)', () => {
    const [M, N, K] = [9, 10, 11]
    const a64 = Float64Array.from(fill(M * K))
    const b64 = Float64Array.from(fill(K * N))
    const c = fill(M * N)
    const want = c.slice()
    reference('NN', want, 0, Float32Array.from(a64), 0, Float32Array.from(b64), 0, M, N, K)
    kernels.gemmNN(c, 0, a64, 0, b64, 0, M, N, K)
    expect(c).toEqual(want)
  })

  it('is what float32 networks get by default, by name, and under VF_KERNELS', () => {
    const expected = relaxedSimdAvailable() ? 'wasm-simd-f32-fma' : 'wasm-simd-f32'
    expect(kernelsForSetting(undefined, 'float32').name).toBe(expected)
    expect(kernelsByName('wasm-simd', 'float32').name).toBe(expected)
    expect(kernelsByName('js', 'float32').precision).toBe('float32')
    expect(kernelsForSetting(undefined, 'float64').name).toBe('wasm-simd-f64')
  })

  it('uses the fused multiply-add where relaxed SIMD validates (Node 20 with its flag), within float32 rounding', () => {
    // Node 20 validates relaxed SIMD only with --experimental-wasm-relaxed-simd (Electron's V8 by default):
    // a child process with the flag exercises the path the app takes there
    const script = resolve(__dirname, 'fma-probe.fixture.ts')
    const out = execFileSync(
      process.execPath,
      ['--experimental-wasm-relaxed-simd', '--import', 'tsx', script],
      {
        encoding: 'utf8',
      },
    )
    const report = JSON.parse(out) as {
      name: string
      relaxed: boolean
      worst: number
      fusedSomewhere: boolean
    }
    expect(report.relaxed).toBe(true)
    expect(report.name).toBe('wasm-simd-f32-fma')
    // against the exact (float64) products, relative to the size of the sums
    expect(report.worst).toBeLessThan(1e-5)
    // and it really fused: some results differ from the separately rounded reference
    expect(report.fusedSomewhere).toBe(true)
  })
})

describe('B made ready once for many products (prepareB: the recurrent kernel of every time step)', () => {
  for (const precision of ['float64', 'float32'] as const) {
    it(`gives gemmNN's and gemmNT's bits, across other products and a reset of the memory (${precision})`, () => {
      const kernels = createWasmSimdKernels({ precision, fma: false, jsBelow: 0 })!.withOwnMemory!()
      const rng = new Rng(12)
      const of = (n: number) => {
        const v = precision === 'float32' ? new Float32Array(n) : new Float64Array(n)
        for (let k = 0; k < n; k++) v[k] = rng.uniform(-1, 1)
        return v
      }
      for (const [M, N, K] of [
        [64, 128, 32],
        [7, 20, 300],
        [33, 9, 5],
      ]) {
        for (const transposed of [false, true]) {
          const b = of(K * N + 2)
          const ready = kernels.prepareB!(b, 2, K, N, transposed)
          for (let step = 0; step < 3; step++) {
            const a = of(M * K)
            const c = of(M * N)
            const want = c.slice()
            if (transposed) kernels.gemmNT(want, 0, a, 0, b, 2, M, N, K)
            else kernels.gemmNN(want, 0, a, 0, b, 2, M, N, K)
            // another product in between reuses the scratch: the prepared B lives elsewhere
            kernels.gemmTN(of(N * N), 0, of(K * N), 0, of(K * N), 0, N, N, K)
            ready.gemm(c, 0, a, 0, M)
            expect(c, `${M}×${N}×${K}${transposed ? 'ᵀ' : ''} step ${step}`).toEqual(want)
          }
          // after a reset the memory is handed out again: a new prepareB packs anew
          kernels.releaseAll!()
          const buffers = kernels.allocate!(4 * K * N).fill(7) // whatever now lies where the panels were
          expect(buffers[0]).toBe(7)
          const again = kernels.prepareB!(b, 2, K, N, transposed)
          const a = of(M * K)
          const c = of(M * N)
          const want = c.slice()
          if (transposed) kernels.gemmNT(want, 0, a, 0, b, 2, M, N, K)
          else kernels.gemmNN(want, 0, a, 0, b, 2, M, N, K)
          again.gemm(c, 0, a, 0, M)
          expect(c).toEqual(want)
        }
      }
    })
  }
})
