import type { ForecastModel } from '../engine/model'
import type { Precision } from '../engine/kernels/matmul'
import { adam } from '../engine/optimizer'
import { ScratchLstmModel } from '../engine/scratch-model'
import { dailyLoadSeries, makeWindows } from '../engine/synthetic'
import { getMatmulKernels, kernelsByName, type KernelName } from '../engine/kernels/select'
import { BENCH_CONFIGS, type BenchConfigName, type EngineName } from './engine-configs'

/** What a benchmark child is asked to measure: one engine on one config (engine-bench.ts forks one per pair). */
export interface WorkloadSpec {
  engine: EngineName
  config: BenchConfigName
  /** scratch engine only */
  precision: Precision
  threads: number
  kernels: KernelName | null
  seconds: number
}

/** Told back after setup: what actually runs. */
export interface WorkloadInfo {
  kernels: string | null
  threadsInUse: number
}

/** Time `step` (which processes `samples` windows) for at least `seconds`; returns samples/s. */
export function timeFor(step: () => void, samples: number, seconds: number): number {
  return rateFor(step, samples, seconds).perSecond
}

/**
 * Run `step` for at least `seconds` of wall time: samples per second of wall time, and per second of this
 * process's CPU time (all its threads), which other processes on a busy machine barely change.
 */
export function rateFor(
  step: () => void,
  samples: number,
  seconds: number,
): { perSecond: number; perCpuSecond: number } {
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  let n = 0
  do {
    step()
    n += samples
  } while (performance.now() - t0 < seconds * 1000)
  const wall = (performance.now() - t0) / 1000
  const cpu = process.cpuUsage(cpu0)
  return { perSecond: n / wall, perCpuSecond: n / ((cpu.user + cpu.system) / 1e6) }
}

/**
 * One engine on one standard workload, in this process: training on consecutive batches of a synthetic window
 * set (Adam, MSE) and batched inference, each measured on request so the parent can interleave repetitions of
 * all engines. The scratch engine uses `kernels`, or when null the kernels the app would use for its
 * precision (WebAssembly SIMD where available).
 */
export class Workload {
  private model: ForecastModel | null = null
  private trainStep: () => void = () => undefined
  private inferStep: () => void = () => undefined
  private batch = 0
  private inferN = 0

  constructor(readonly spec: WorkloadSpec) {}

  async setup(): Promise<WorkloadInfo> {
    const { spec } = this
    const cfg = BENCH_CONFIGS[spec.config]
    const { seqLen: T, predSize: P } = cfg.model
    const nWindows = Math.max(8 * cfg.batch, 512)
    const data = makeWindows(dailyLoadSeries(nWindows + T + P - 1, 96, 0.05), T, P)
    let model: ForecastModel
    let scratch: ScratchLstmModel | null = null
    if (spec.engine === 'scratch') {
      const kernels = spec.kernels
        ? kernelsByName(spec.kernels, spec.precision)
        : getMatmulKernels(spec.precision)
      scratch = new ScratchLstmModel(cfg.model, { kernels, threads: spec.threads })
      model = scratch
    } else {
      // loaded only here, so the scratch engine's peak RSS does not include TensorFlow.js
      const { useTfjsBackend } = await import('../engine/tfjs/backend')
      const { TfjsLstmModel } = await import('../engine/tfjs/tfjs-model')
      await useTfjsBackend(spec.engine === 'tfjs-cpu' ? 'cpu' : 'wasm')
      model = new TfjsLstmModel(cfg.model)
    }
    model.compile({ optimizer: adam(), loss: 'mse', clipNorm: 0, weightDecay: 0 })
    const B = cfg.batch
    await model.prepare?.(B)
    const xb = new Float64Array(B * T)
    const yb = new Float64Array(B * P)
    const perStep = new Float64Array(P)
    let next = 0
    const online = cfg.online && model.trainWindowOnline !== undefined
    this.trainStep = () => {
      // consecutive batches of the window set, wrapping around
      for (let b = 0; b < B; b++, next = (next + 1) % data.n) {
        xb.set(data.x.subarray(next * T, (next + 1) * T), b * T)
        yb.set(data.y.subarray(next * P, (next + 1) * P), b * P)
      }
      if (online) model.trainWindowOnline?.(xb, yb, perStep, 0.001)
      else model.trainBatch(xb, yb, B, perStep, 0.001)
    }
    this.inferN = Math.max(B, 64)
    const xi = data.x.subarray(0, this.inferN * T)
    this.inferStep = () => void model.predict(xi, this.inferN)
    this.batch = B
    this.model = model
    // warm-up: JIT, kernel setup, threads; at least one step and about a quarter of a repetition each
    timeFor(this.trainStep, B, 0.25 * spec.seconds)
    this.inferStep()
    return { kernels: scratch ? scratch.net.mm.name : null, threadsInUse: scratch ? scratch.threadsInUse : 1 }
  }

  train(seconds: number): { perSecond: number; perCpuSecond: number } {
    return rateFor(this.trainStep, this.batch, seconds)
  }

  infer(seconds: number): { perSecond: number; perCpuSecond: number } {
    return rateFor(this.inferStep, this.inferN, seconds)
  }

  dispose(): void {
    this.model?.dispose()
  }
}
