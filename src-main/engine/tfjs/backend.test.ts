import { existsSync } from 'node:fs'
import { join, sep } from 'node:path'
import { describe, expect, it } from 'vitest'
import { wasmBinariesDir } from './backend'

describe('wasmBinariesDir', () => {
  it('is the package dist folder, where the .wasm binaries are', () => {
    const dir = wasmBinariesDir(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'))
    expect(dir.endsWith(sep)).toBe(true)
    expect(existsSync(join(dir, 'tfjs-backend-wasm-simd.wasm'))).toBe(true)
  })

  it('is the unpacked copy in the packaged app', () => {
    const packaged = join('/opt', 'Voisin Forecast', 'resources', 'app.asar', 'node_modules', '@tensorflow')
    expect(wasmBinariesDir(join(packaged, 'tfjs-backend-wasm', 'package.json'))).toBe(
      join('/opt', 'Voisin Forecast', 'resources', 'app.asar.unpacked', 'node_modules', '@tensorflow') +
        `${sep}tfjs-backend-wasm${sep}dist${sep}`,
    )
  })
})
