import { forwardFlopsPerSample } from '../engine/config'
import type { ForecastModel } from '../engine/model'
import { adam } from '../engine/optimizer'
import { ScratchLstmModel } from '../engine/scratch-model'
import { dailyLoadSeries, makeWindows } from '../engine/synthetic'
import { getMatmulKernels, kernelsByName, type KernelName } from '../engine/kernels/select'
import { BENCH_CONFIGS, type BenchConfigName, type EngineName } from './engine-configs'

export interface BenchResult {
  engine: EngineName
  config: BenchConfigName
  trainSamplesPerSec: number
  inferSamplesPerSec: number
  /** Training GFLOP/s: samples/s × 3 × forward matrix-product FLOPs per sample. */
  gflops: number
  peakRssMb: number
  /** The scratch engine's matrix products ('js' or 'wasm-simd'); null for TensorFlow.js. */
  /** Name of the scratch engine's matrix-product kernels (null for TF.js). */
  kernels: string | null
  trainReps: number[]
  inferReps: number[]
  detail: string
}

/**
 * Time `step` (which processes `samples` windows) in repetitions of at least `seconds` each, up to 5 of them
 * within a budget of 6 × seconds (at least one); returns samples/s of each repetition.
 */
function measure(step: () => void, samples: number, seconds: number): number[] {
  const reps: number[] = []
  const budgetEnd = performance.now() + 6 * seconds * 1000
  while (reps.length < 5 && (reps.length === 0 || performance.now() < budgetEnd)) {
    const t0 = performance.now()
    let n = 0
    do {
      step()
      n += samples
    } while (performance.now() - t0 < seconds * 1000)
    reps.push(n / ((performance.now() - t0) / 1000))
  }
  return reps
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

/**
 * Train, then infer, one standard workload with one engine, in this process. The scratch engine uses `kernels`,
 * or when null the kernels the app would use (getMatmulKernels: WebAssembly SIMD where available).
 */
export async function runWorkload(
  engine: EngineName,
  name: BenchConfigName,
  seconds: number,
  kernels: KernelName | null = null,
): Promise<BenchResult> {
  const cfg = BENCH_CONFIGS[name]
  const { seqLen: T, predSize: P } = cfg.model
  const nWindows = Math.max(8 * cfg.batch, 512)
  const data = makeWindows(dailyLoadSeries(nWindows + T + P - 1, 96, 0.05), T, P)
  let model: ForecastModel
  const mm = engine !== 'scratch' ? null : kernels ? kernelsByName(kernels) : getMatmulKernels()
  if (mm) model = new ScratchLstmModel(cfg.model, { kernels: mm })
  else {
    // loaded only here, so the scratch engine's peak RSS does not include TensorFlow.js
    const { useTfjsBackend } = await import('../engine/tfjs/backend')
    const { TfjsLstmModel } = await import('../engine/tfjs/tfjs-model')
    await useTfjsBackend(engine === 'tfjs-cpu' ? 'cpu' : 'wasm')
    model = new TfjsLstmModel(cfg.model)
  }
  model.compile({ optimizer: adam(), loss: 'mse', clipNorm: 0, weightDecay: 0 })
  const B = cfg.batch
  const xb = new Float64Array(B * T)
  const yb = new Float64Array(B * P)
  const perStep = new Float64Array(P)
  let next = 0
  const online = cfg.online && model.trainWindowOnline !== undefined
  const trainStep = () => {
    // consecutive batches of the window set, wrapping around
    for (let b = 0; b < B; b++, next = (next + 1) % data.n) {
      xb.set(data.x.subarray(next * T, (next + 1) * T), b * T)
      yb.set(data.y.subarray(next * P, (next + 1) * P), b * P)
    }
    if (online) model.trainWindowOnline?.(xb, yb, perStep, 0.001)
    else model.trainBatch(xb, yb, B, perStep, 0.001)
  }
  // warm-up: JIT / kernel setup, at least one step and about a quarter of a repetition
  const w0 = performance.now()
  do trainStep()
  while (performance.now() - w0 < 250 * seconds)
  const trainReps = measure(trainStep, B, seconds)
  const inferN = Math.max(B, 64)
  const xi = data.x.subarray(0, inferN * T)
  model.predict(xi, inferN)
  const inferReps = measure(() => model.predict(xi, inferN), inferN, seconds)
  const train = median(trainReps)
  model.dispose()
  return {
    engine,
    config: name,
    trainSamplesPerSec: round3(train),
    inferSamplesPerSec: round3(median(inferReps)),
    gflops: round3((train * 3 * forwardFlopsPerSample(cfg.model)) / 1e9),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    kernels: mm ? mm.name : null,
    trainReps: trainReps.map(round3),
    inferReps: inferReps.map(round3),
    detail: `batch ${B}${online ? ', online (update per time step)' : ''}${mm ? `, kernels ${mm.name}` : ''}`,
  }
}

/** Three significant digits. */
function round3(v: number): number {
  return Number(v.toPrecision(3))
}
