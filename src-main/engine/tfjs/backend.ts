import { createRequire } from 'node:module'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { unpackedPath } from '../../packaging/unpacked-path'

export type TfjsBackendName = 'cpu' | 'wasm'

// tsx runs this file as CommonJS (require exists), vitest and bundlers as ESM (import.meta.url exists)
const req: NodeJS.Require = typeof require === 'function' ? require : createRequire(import.meta.url)

/**
 * Select the TensorFlow.js backend, quietly and offline.
 * - Production mode silences the "install tfjs-node" banner the cpu backend prints under Node.
 * - wasm: the .wasm binaries are loaded from the installed @tensorflow/tfjs-backend-wasm package (a file path
 *   with a trailing slash, `wasmBinariesDir`), never downloaded; multithreading is switched off so every engine
 *   uses one core.
 */
export async function useTfjsBackend(name: TfjsBackendName): Promise<typeof tf> {
  tf.enableProdMode()
  if (name === 'wasm') {
    const wasm = req('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm')
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false)
    wasm.setWasmPaths(wasmBinariesDir(req.resolve('@tensorflow/tfjs-backend-wasm/package.json')))
  }
  if (tf.getBackend() !== name) {
    const ok = await tf.setBackend(name)
    if (!ok) throw new Error(`TensorFlow.js backend ${name} failed to initialise`)
  }
  await tf.ready()
  return tf
}

/**
 * The folder of the package's .wasm binaries, with the trailing separator `setWasmPaths` wants. Emscripten reads
 * them with `fs.readFileSync`; in the packaged app they are unpacked (electron-builder.yml, asarUnpack) and read
 * from app.asar.unpacked as plain files, so the load never depends on Electron's asar-patched `fs`.
 */
export function wasmBinariesDir(packageJson: string): string {
  return unpackedPath(path.join(path.dirname(packageJson), 'dist')) + path.sep
}
