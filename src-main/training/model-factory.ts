import type { ModelConfig } from '../engine/config'
import type { Precision } from '../engine/kernels/matmul'
import type { ForecastModel } from '../engine/model'
import { resolveThreads } from '../engine/parallel/threads'
import { ScratchLstmModel } from '../engine/scratch-model'
import { deserializeModel } from '../engine/serialize'
import type { ModelParams } from './pipeline'

export type EngineName = 'scratch' | 'tfjs'

/** How the scratch engine computes a training: its precision and its threads (TF.js ignores both). */
export interface EngineOptions {
  precision: Precision
  /** resolved: 'auto' already turned into a count for this architecture and batch size */
  threads: number
}

/** The engine options a request asks for ('auto' threads resolved for this model and batch size). */
export function engineOptionsFor(
  params: Pick<ModelParams, 'precision' | 'threads' | 'batchSize' | 'online'>,
  config: ModelConfig,
): EngineOptions {
  return {
    precision: params.precision,
    threads: resolveThreads(params.threads, config, params.batchSize, params.online),
  }
}

/**
 * What a run records of how the scratch engine computed it: its precision and the threads it really trained
 * on (fewer than asked when they could not start). Nothing for TF.js, which has neither setting.
 */
export function engineRecord(model: ForecastModel): { precision?: Precision; threads?: number } {
  if (!(model instanceof ScratchLstmModel)) return {}
  return { precision: model.precision, threads: model.threadsInUse }
}

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
export async function createModel(
  engine: EngineName,
  config: ModelConfig,
  options: EngineOptions = { precision: 'float64', threads: 1 },
): Promise<ForecastModel> {
  if (engine === 'scratch') return new ScratchLstmModel(config, options)
  const TfjsLstmModel = await tfjsModule()
  return new TfjsLstmModel(config)
}

/** The engine's name and version as recorded with a model (the TF.js backend included). */
export function engineLabel(engine: EngineName): string {
  return engine === 'scratch' ? 'scratch' : `tfjs-${tfjsBackend ?? 'cpu'}`
}

/**
 * Loads model bytes written by `serialize()` into the engine that trained them (the scratch engine in the
 * precision of `options`, default the file's, converted on load). A damaged or foreign file fails in
 * `deserializeModel` with a clear message.
 */
export async function loadModel(
  bytes: Uint8Array,
  options: Partial<EngineOptions> = {},
): Promise<ForecastModel> {
  const saved = deserializeModel(bytes)
  if (saved.engine === 'scratch') return ScratchLstmModel.fromBytes(bytes, options)
  const TfjsLstmModel = await tfjsModule()
  const model = new TfjsLstmModel(saved.config)
  model.setWeights(saved.params)
  return model
}
