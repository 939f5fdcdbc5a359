/**
 * The self-describing manifest saved with every model (models.manifest_json) and carried in a
 * `.vfmodel` bundle: everything needed to reuse the model without the dataset it came from.
 * Written by training/train-job.ts; older models may lack the optional fields.
 */
import { createRequire } from 'node:module'
import { userInfo } from 'node:os'
import type { Queryable } from '../db/library'
import type { ModelConfig } from '../engine/config'
import type { FeatureOptions } from '../training/features'
import type { ModelIntervals } from '../training/pipeline'
import type { Scaler } from '../training/scaling'
import type { CleaningRecipe } from '../shared/contract'
import type { TrainingParams } from '../shared/training-params'
import type { HistoryPoint, ScoredForecast } from '../shared/training-outcome'

export interface SourceFileHash {
  name: string
  sha256: string
  bytes: number
  rows: number
}

export interface ModelManifest {
  format: 'voisin-forecast-model'
  formatVersion: number
  appVersion: string
  engine: 'scratch' | 'tfjs'
  engineLabel: string
  /** e.g. "scratch 0.1.0 (file format 2)" or "@tensorflow/tfjs 4.22.0 (file format 2)" */
  engineVersion?: string
  /** the scratch engine's precision (the weights' file says it too) and the threads it trained on */
  precision?: 'float32' | 'float64'
  threads?: number
  createdAt: string
  /** the OS account that trained it */
  user?: string
  params: TrainingParams
  config: ModelConfig
  scaler: Scaler
  features: FeatureOptions
  window: { seqLen: number; predSize: number; stride: number }
  resolution: string
  /** seconds between the slots of the grid the model reads (after resampling) */
  intervalSeconds: number
  /** seconds between the raw readings of the training dataset */
  sourceIntervalSeconds?: number
  column: string
  dataset: {
    id: number
    home: string
    zone: string
    recipe: CleaningRecipe
    keptDays: string[]
    removedDays: string[]
    files?: SourceFileHash[]
  }
  split: { train: string[]; validation: string[]; test: string[] }
  seed: number
  history: HistoryPoint[]
  stopReason: string
  bestEpoch: number
  trainSeconds: number
  test: ScoredForecast
  longHorizon: ScoredForecast | null
  /** watts of the training readings: the reference for the "different scale" warning */
  trainingStats?: { mean: number; std: number; n: number }
  /** next-step predictions on the test days (epoch ms, watts), for the comparison view */
  testSeries?: {
    t: number[]
    actual: number[]
    predicted: number[]
    bands?: { level: number; lower: number[]; upper: number[] }[]
  }
  errorByHour?: { hour: number; model: number | null; baseline: number | null }[]
  /** conformal bands calibrated on the validation days (absent in models saved before intervals existed) */
  intervals?: ModelIntervals
  /** set when this model continued the training of another one */
  resumedFrom?: { modelId: number; epochsBefore: number; optimizerStateRestored: boolean }
}

/** The engine's name and version as recorded in a manifest. */
export function engineVersion(engine: 'scratch' | 'tfjs', appVersion: string, fileFormat: number): string {
  if (engine === 'scratch') return `scratch ${appVersion} (file format ${fileFormat})`
  let version = 'unknown'
  try {
    version = (createRequire(__filename)('@tensorflow/tfjs-core/package.json') as { version: string }).version
  } catch {
    // a packaged app without the package metadata: the backend label still says tfjs
  }
  return `@tensorflow/tfjs ${version} (file format ${fileFormat})`
}

/** The OS user name, or "unknown" where the platform will not tell. */
export function currentUserName(): string {
  try {
    return userInfo().username
  } catch {
    return 'unknown'
  }
}

/** Name, hash and size of every source file of a dataset (its provenance in the manifest). */
export async function sourceFileHashes(q: Queryable, datasetId: number): Promise<SourceFileHash[]> {
  return q.all<SourceFileHash>(
    'SELECT name, sha256, bytes, rows FROM dataset_files WHERE dataset_id = ? ORDER BY id',
    [datasetId],
  )
}

/** Mean and standard deviation (watts) of the finite values whose label equals `code`. */
export function labelledStats(
  values: Float64Array,
  labels: Int8Array,
  code: number,
): { mean: number; std: number; n: number } {
  let n = 0
  let sum = 0
  let sq = 0
  for (let t = 0; t < values.length; t++) {
    if (labels[t] !== code || !Number.isFinite(values[t])) continue
    n++
    sum += values[t]
    sq += values[t] * values[t]
  }
  const mean = n > 0 ? sum / n : NaN
  return { mean, std: n > 0 ? Math.sqrt(Math.max(0, sq / n - mean * mean)) : NaN, n }
}
