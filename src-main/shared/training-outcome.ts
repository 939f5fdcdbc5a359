/** The verdict of a training run, as the CLI prints it and the Training area shows it (types only). */

export interface MetricsSummary {
  mae: number
  rmse: number
  mape: number | null
  smape: number | null
  r2: number | null
  n: number
  mapeSkipped: number
}

export interface ScoredForecast {
  horizon: number
  windows: { total: number; evaluated: number; excluded: number }
  notes: string[]
  model: MetricsSummary
  modelPerStep: MetricsSummary[]
  persistence?: MetricsSummary
  sameTimeYesterday?: MetricsSummary
  sameTimeLastWeek?: MetricsSummary
  /** per-step MAE of each baseline, for the error-by-step chart */
  baselinePerStepMae: Record<string, number[]>
  skill: number | null
  bestBaseline: string | null
}

export interface HistoryPoint {
  epoch: number
  trainLoss: number
  valLoss: number | null
  valPerStep: number[] | null
  learningRate: number
  seconds: number
}

export interface TrainingOutcome {
  runId: number
  modelId: number | null
  status: 'done' | 'cancelled'
  stopReason: 'completed' | 'early-stopping' | 'cancelled'
  engine: string
  /** the scratch engine's precision and the threads the training ran on (absent for TF.js) */
  precision?: 'float32' | 'float64'
  threads?: number
  datasetId: number
  home: string
  intervalSeconds: number
  epochsRun: number
  bestEpoch: number
  trainSeconds: number
  trainWindows: number
  validationWindows: number
  testWindows: number
  history: HistoryPoint[]
  test: ScoredForecast
  longHorizon: ScoredForecast | null
  /** step-1 predictions against actuals over the test windows (watts, epoch ms) */
  testSeries: { t: number[]; actual: number[]; predicted: number[] }
  /** MAE by local hour of day over the test windows (model, best baseline) */
  errorByHour: { hour: number; model: number | null; baseline: number | null }[]
}
