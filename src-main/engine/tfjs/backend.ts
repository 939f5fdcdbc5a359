import { createRequire } from 'node:module'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs'

export type TfjsBackendName = 'cpu' | 'wasm'

// tsx runs this file as CommonJS (require exists), vitest and bundlers as ESM (import.meta.url exists)
const req: NodeJS.Require = typeof require === 'function' ? require : createRequire(import.meta.url)

/**
 * Select the TensorFlow.js backend, quietly and offline.
 * - Production mode silences the "install tfjs-node" banner the cpu backend prints under Node.
 * - wasm: the .wasm binaries are loaded from the installed @tensorflow/tfjs-backend-wasm package (a file path
 *   with a trailing slash), never downloaded; multithreading is switched off so every engine uses one core.
 */
export async function useTfjsBackend(name: TfjsBackendName): Promise<typeof tf> {
  tf.enableProdMode()
  if (name === 'wasm') {
    const wasm = req('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm')
    const dist =
      path.join(path.dirname(req.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false)
    wasm.setWasmPaths(dist)
  }
  if (tf.getBackend() !== name) {
    const ok = await tf.setBackend(name)
    if (!ok) throw new Error(`TensorFlow.js backend ${name} failed to initialise`)
  }
  await tf.ready()
  return tf
}
