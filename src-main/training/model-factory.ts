import type { ModelConfig } from '../engine/config'
import type { ForecastModel } from '../engine/model'
import { ScratchLstmModel } from '../engine/scratch-model'
import { deserializeModel } from '../engine/serialize'

export type EngineName = 'scratch' | 'tfjs'

/** Which TensorFlow.js backend the library engine runs on: WebAssembly when it loads, else plain JS. */
let tfjsBackend: 'wasm' | 'cpu' | null = null

async function tfjsModule() {
  const [{ TfjsLstmModel }, { useTfjsBackend }] = await Promise.all([
    import('../engine/tfjs/tfjs-model'),
    import('../engine/tfjs/backend'),
  ])
  if (!tfjsBackend) {
    try {
      await useTfjsBackend('wasm')
      tfjsBackend = 'wasm'
    } catch {
      await useTfjsBackend('cpu')
      tfjsBackend = 'cpu'
    }
  }
  return TfjsLstmModel
}

/** A fresh model of either engine, with identical initial weights for the same config and seed. */
export async function createModel(engine: EngineName, config: ModelConfig): Promise<ForecastModel> {
  if (engine === 'scratch') return new ScratchLstmModel(config)
  const TfjsLstmModel = await tfjsModule()
  return new TfjsLstmModel(config)
}

/** The engine's name and version as recorded with a model (the TF.js backend included). */
export function engineLabel(engine: EngineName): string {
  return engine === 'scratch' ? 'scratch' : `tfjs-${tfjsBackend ?? 'cpu'}`
}

/**
 * Loads model bytes written by `serialize()` into the engine that trained them. A damaged or
 * foreign file fails in `deserializeModel` with a clear message.
 */
export async function loadModel(bytes: Uint8Array): Promise<ForecastModel> {
  const saved = deserializeModel(bytes)
  if (saved.engine === 'scratch') return ScratchLstmModel.fromBytes(bytes)
  const TfjsLstmModel = await tfjsModule()
  const model = new TfjsLstmModel(saved.config)
  model.setWeights(saved.params)
  return model
}
