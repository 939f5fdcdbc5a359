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

/** One member home's verdict under a global model. */
export interface HomeOutcome {
  datasetId: number
  home: string
  test: ScoredForecast
}

/** The community total forecast as the sum of the per-home forecasts (global models). */
export interface TotalOutcome {
  test: ScoredForecast
  /** mean of (forecast − actual), watts */
  bias: number
  homes: { datasetId: number; home: string; included: boolean; signFlipped: boolean; reason: string | null }[]
}

export interface TrainingOutcome {
  runId: number
  modelId: number | null
  status: 'done' | 'cancelled'
  stopReason: 'completed' | 'early-stopping' | 'cancelled'
  engine: string
  /** 'home' (one dataset, the default when absent) or 'global' (several homes) */
  kind?: 'home' | 'global'
  /** null for a global model */
  datasetId: number | null
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
  /** global models: each member home's verdict, the homes won, the mean skill, and the summed total */
  homes?: HomeOutcome[]
  wins?: number
  scoredHomes?: number
  skillMean?: number | null
  total?: TotalOutcome | null
  communityId?: number
  /** fine-tuning: the saved model whose weights the run started from */
  initFrom?: { modelId: number; name: string; kind: 'home' | 'global'; home: string }
}
