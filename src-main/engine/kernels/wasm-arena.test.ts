import { describe, expect, it } from 'vitest'
import { modelConfig } from '../config'
import { LstmNetwork } from '../network'
import { Rng } from '../rng'
import { jsKernels } from './gemm-js'
import { createWasmSimdKernels } from './gemm-wasm'
import type { MatmulKernels } from './matmul'
import { createWasmArena } from './wasm-arena'

describe('WebAssembly arena (network buffers the kernels use in place)', () => {
  it('hands out zeroed, aligned buffers it can locate, and knows foreign arrays', () => {
    const arena = createWasmArena()!
    const a = arena.allocate(3)
    const b = arena.allocate(5)
    expect([...a, ...b].every((v) => v === 0)).toBe(true)
    expect(arena.addressOf(a, 0) % 16).toBe(0)
    expect(arena.addressOf(b, 0) % 16).toBe(0)
    expect(arena.addressOf(b, 0)).toBeGreaterThanOrEqual(arena.addressOf(a, 0) + 3 * 8)
    expect(arena.addressOf(b.subarray(2), 1)).toBe(arena.addressOf(b, 3))
    expect(arena.addressOf(new Float64Array(4), 0)).toBe(-1)
    b[4] = 7
    expect(arena.heap[arena.addressOf(b, 4) / 8]).toBe(7)
  })

  it('keeps earlier buffers valid and intact when the memory grows', () => {
    const arena = createWasmArena()!
    const before = arena.allocate(100)
    before.fill(3.5)
    const big = arena.allocate(3_000_000) // 24 MB: several growths
    big[big.length - 1] = 1
    expect(before.length).toBe(100)
    expect(before.every((v) => v === 3.5)).toBe(true)
    // still the same memory: a write through the new whole-memory view shows in the old buffer
    arena.heap[arena.addressOf(before, 10) / 8] = -1
    expect(before[10]).toBe(-1)
  })

  it('reuses its memory after reset, zeroed again', () => {
    const arena = createWasmArena()!
    const first = arena.allocate(8).fill(9)
    const at = arena.addressOf(first, 0)
    arena.reset()
    const again = arena.allocate(8)
    expect(arena.addressOf(again, 0)).toBe(at)
    expect([...again]).toEqual(new Array(8).fill(0))
  })

  it('gives the same products whether the operands live in the arena or not (bit for bit)', () => {
    const kernels = createWasmSimdKernels({ jsBelow: 0 })!.withOwnMemory!()
    const rng = new Rng(6)
    const [M, N, K] = [37, 22, 300]
    const plain = (n: number) => new Float64Array(n).map(() => rng.uniform(-1, 1))
    const inArena = (src: Float64Array) => {
      const a = kernels.allocate!(src.length)
      a.set(src)
      return a
    }
    const a = plain(M * K + 5)
    const b = plain(K * N + 3)
    const c0 = plain(M * N)
    for (const product of ['gemmNN', 'gemmNT', 'gemmTN'] as const) {
      const copied = c0.slice()
      kernels[product](copied, 0, a, 5, b, 3, M, N, K)
      const inPlace = inArena(c0)
      kernels[product](inPlace, 0, inArena(a), 5, inArena(b), 3, M, N, K)
      expect(inPlace, product).toEqual(copied)
      const reference = c0.slice()
      jsKernels[product](reference, 0, a, 5, b, 3, M, N, K)
      expect(inPlace, product).toEqual(reference)
    }
  })

  it('falls back to ordinary buffers when the kernels cannot allocate', () => {
    const config = modelConfig({ seqLen: 5, predSize: 2, hiddenSizes: [4] })
    const full: MatmulKernels = {
      ...jsKernels,
      allocate: () => {
        throw new Error('memory maximum reached')
      },
    }
    const x = new Float64Array(3 * 5).map((_, k) => Math.sin(k))
    const run = (kernels: MatmulKernels) => {
      const net = new LstmNetwork(config, kernels)
      const rng = new Rng(1)
      for (let k = 0; k < net.params.length; k++) net.params[k] = rng.uniform(-0.5, 0.5)
      return net.forward(x, 0, 3, 5, false, null).slice()
    }
    const want = run(jsKernels)
    expect(want.some((v) => Math.abs(v) > 1e-3)).toBe(true)
    expect(run(full)).toEqual(want)
  })
})
