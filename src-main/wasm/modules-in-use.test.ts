/**
 * Every WebAssembly module we emit (the users listed in README.md) validates, and is the code that runs on the
 * app's normal path: an import stored in a library for the data modules, a training step of a model on the
 * default kernels for the engine's. A module that stopped validating would otherwise go unnoticed: each falls
 * back to its JavaScript, which gives the same results, only slower.
 */
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { buildTallyModule } from '../data/analysis/reading-tally-wasm'
import { readExports } from '../data/import/read-exports'
import { buildSummaryModule } from '../data/inspect/summary-wasm'
import { buildRowScannerModule } from '../data/scanner/row-scanner-module'
import { storeDatasets } from '../data/store/store-datasets'
import { Library } from '../db/library'
import { modelConfig } from '../engine/config'
import { buildGemmModule, F32_TILE_COLS, F32_TILE_ROWS } from '../engine/kernels/gemm-wasm-module'
import { buildLstmGatesModule } from '../engine/kernels/lstm-gates-wasm-module'
import type { Precision } from '../engine/kernels/matmul'
import { getMatmulKernels } from '../engine/kernels/select'
import { f32Lanes } from '../engine/kernels/wasm-lanes'
import { adam } from '../engine/optimizer'
import { Rng } from '../engine/rng'
import { ScratchLstmModel } from '../engine/scratch-model'
import { makeTempDir, voisinFixtures } from '../test-support/temp-dir'
import { ownModule, wasmApi, wasmModuleUse } from './api'
import { relaxedSimdAvailable } from './features'

const temp = makeTempDir('vf-wasm-in-use-')
afterAll(() => temp.remove())

/** The import as the app runs it: parse (row scanner), analyse (reading tally), store (summary). */
async function importAndStore(): Promise<void> {
  const prepared = await readExports([join(voisinFixtures, '8s/CDB001.csv')])
  const library = await Library.open(join(temp.dir, `library-${Date.now()}.sqlite`))
  try {
    await storeDatasets(library, prepared)
  } finally {
    await library.close()
  }
}

/**
 * A few training steps of a model on the kernels a new network of `precision` gets (products and gates big
 * enough for them): float64 is the reference path, float32 the one trainings use by default.
 */
function trainSteps(precision: Precision = 'float64'): void {
  const config = modelConfig({ seqLen: 24, predSize: 4, hiddenSizes: [32], inputSize: 2, seed: 3 })
  const model = new ScratchLstmModel(config, { precision })
  model.compile({ optimizer: adam(), loss: 'mse', clipNorm: 1, weightDecay: 0 })
  const data = new Rng(1)
  const B = 32
  const x = new Float64Array(B * 24 * 2).map(() => data.uniform(-1, 1))
  const y = new Float64Array(B * 4).map(() => data.uniform(-1, 1))
  for (let step = 0; step < 2; step++) model.trainBatch(x, y, B, new Float64Array(4), 0.01)
}

const modules: { name: string; build: () => Uint8Array; run: () => unknown }[] = [
  { name: 'row scanner', build: buildRowScannerModule, run: importAndStore },
  { name: 'reading tally', build: buildTallyModule, run: importAndStore },
  { name: 'summary', build: buildSummaryModule, run: importAndStore },
  { name: 'engine gemm', build: () => buildGemmModule(), run: () => trainSteps() },
  { name: 'engine gates', build: () => buildLstmGatesModule(), run: () => trainSteps() },
  // float32: the products with separate multiplies and adds where relaxed SIMD is off (Node 20), with its
  // fused multiply-add where the feature test passes (Electron)
  relaxedSimdAvailable()
    ? {
        name: 'engine gemm f32 fma',
        build: () => buildGemmModule(F32_TILE_ROWS, F32_TILE_COLS, f32Lanes(true)),
        run: () => trainSteps('float32'),
      }
    : {
        name: 'engine gemm f32',
        build: () => buildGemmModule(F32_TILE_ROWS, F32_TILE_COLS, f32Lanes(false)),
        run: () => trainSteps('float32'),
      },
  {
    name: 'engine gates f32',
    build: () => buildLstmGatesModule(f32Lanes(false)),
    run: () => trainSteps('float32'),
  },
]

describe('every WebAssembly module validates and runs on the normal path', () => {
  for (const { name, build, run } of modules) {
    it(name, async () => {
      expect(wasmApi()!.validate(build()), `${name}: the emitted bytes validate`).toBe(true)
      const use = wasmModuleUse(name)
      const before = use.calls
      await run()
      expect(use.fallback, `${name} fell back to JavaScript`).toBeNull()
      expect(use.calls, `${name}: calls into the module`).toBeGreaterThan(before)
    })
  }

  it('the engine kernels a new network gets are the WebAssembly ones, in either precision', () => {
    expect(getMatmulKernels().name).toBe('wasm-simd-f64')
    expect(getMatmulKernels().lstmGatesForward).toBeTypeOf('function')
    expect(getMatmulKernels('float32').name).toBe(
      relaxedSimdAvailable() ? 'wasm-simd-f32-fma' : 'wasm-simd-f32',
    )
    expect(getMatmulKernels('float32').lstmGatesForward).toBeTypeOf('function')
  })

  it('a module that does not validate says so once, naming itself and why, and gives no module', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    try {
      // a module header followed by a section id that does not exist
      const broken = ownModule('test broken', () => new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 0x7f, 0]))
      const wasm = wasmApi()!
      expect(broken.compiled(wasm)).toBeNull()
      expect(broken.compiled(wasm)).toBeNull()
      expect(warn).toHaveBeenCalledTimes(1)
      expect(warn.mock.calls[0][0]).toMatch(
        /^\[wasm\] test broken module: it does not compile \(.+\); running its JavaScript instead\.$/,
      )
      expect(broken.use.fallback).toMatch(/^it does not compile/)
    } finally {
      warn.mockRestore()
    }
  })
})
