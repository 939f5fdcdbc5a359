/**
 * What a training run is asked to do: the request of `training:start` and of the CLI `train`.
 * Limits here are the "absurd parameter" refusals: a clear message before anything starts.
 */
import { z } from 'zod'
import { TRAINING_DEFAULTS as D } from './training-defaults'

export const RESOLUTIONS = { raw: null, '1min': 60, '15min': 900, '1h': 3600 } as const
export type Resolution = keyof typeof RESOLUTIONS

const positiveInt = (what: string, max: number) =>
  z
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(1, `${what} must be at least 1`)
    .max(max, `${what} must be at most ${max}`)

/** Every field of a run's request, before the checks that involve several fields. */
const TrainingFields = z
  .object({
    datasetId: z.number().int().positive(),
    name: z.string().trim().max(200).optional(),
    column: z.enum(['p_cons', 'p_prod', 'p_tot']).default(D.column),
    resolution: z.enum(['raw', '1min', '15min', '1h']).default(D.resolution),
    /** overrides the dataset's saved cleaning recipe; absent = the recipe's threshold */
    minCompleteness: z.number().min(0).max(1).optional(),
    /** all-zero rows are outages in the 15-min exports; absent = the recipe's choice (missing by default) */
    zeroRowsAsMissing: z.boolean().optional(),
    seqLen: positiveInt('seqLen', 10_000).default(D.seqLen),
    predSize: positiveInt('predSize', 1_000).default(D.predSize),
    stride: positiveInt('stride', 10_000).default(D.stride),
    hiddenSizes: z
      .array(positiveInt('hidden size', 1024))
      .min(1, 'at least one LSTM layer is needed')
      .max(4, 'at most 4 LSTM layers')
      .default([...D.hiddenSizes]),
    /** 'none' is the study's single cell: the hidden state is the prediction (hidden = predSize) */
    head: z.enum(['dense', 'none']).default(D.head),
    dropout: z.number().min(0).max(0.9).default(D.dropout),
    epochs: positiveInt('epochs', 100_000).default(D.epochs),
    batchSize: positiveInt('batch size', 65_536).default(D.batchSize),
    optimizer: z.enum(['adam', 'sgd']).default(D.optimizer),
    learningRate: z.number().positive('the learning rate must be positive').max(10).default(D.learningRate),
    momentum: z.number().min(0).max(0.999).default(D.momentum),
    loss: z.enum(['mse', 'mae', 'huber']).default(D.loss),
    scaling: z.enum(['minmax', 'standard', 'robust']).default(D.scaling),
    level: z.enum(['none', 'last', 'mean']).default(D.level),
    calendar: z.boolean().default(D.calendar),
    earlyStopping: z.boolean().default(D.earlyStopping),
    patience: positiveInt('patience', 10_000).default(D.patience),
    /** learning rate multiplied by this after every epoch; 1 = constant */
    lrDecay: z.number().positive().max(1).default(D.lrDecay),
    /** gradients are rescaled to this norm at most; 0 = no clipping */
    clipNorm: z.number().min(0).max(1000).default(D.clipNorm),
    weightDecay: z.number().min(0).max(1).default(D.weightDecay),
    /** the study's online mode: an update after every time step (batch size 1) */
    online: z.boolean().default(D.online),
    engine: z.enum(['scratch', 'tfjs']).default(D.engine),
    /** the scratch engine's numbers: float32 (the fast path, as PyTorch trains) or float64 (the reference) */
    precision: z.enum(['float32', 'float64']).default(D.precision),
    /**
     * threads for one training (scratch engine): 'auto' (the free cores, at most 8, where the batches are big
     * enough to pay) or a count; the same seed and thread count give the same model bit for bit
     */
    threads: z
      .union([z.literal('auto'), positiveInt('threads', 64)], {
        error: "threads must be 'auto' or a whole number from 1 to 64",
      })
      .default(D.threads),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(D.seed),
    /** relative shares of the kept days (fractions or percentages) */
    split: z
      .object({
        train: z.number().positive().max(100),
        validation: z.number().min(0).max(100),
        test: z.number().positive().max(100),
      })
      .default({ ...D.split }),
    /** steps of the recursive long-horizon forecast scored on the test days; 0 skips it */
    horizon: z.number().int().min(0).max(100_000).default(D.horizon),
    /** fine-tuning: start from this saved model's weights (same architecture) instead of fresh ones */
    initFrom: z.number().int().positive().optional(),
  })
  .strict()

/** Checks that involve several fields (shared by the home and the global request). */
function checkTogether(
  p: Pick<z.output<typeof TrainingFields>, 'head' | 'hiddenSizes' | 'predSize' | 'horizon'>,
  ctx: z.RefinementCtx,
): void {
  if (p.head === 'none' && p.hiddenSizes.at(-1) !== p.predSize) {
    ctx.addIssue({
      code: 'custom',
      path: ['hiddenSizes'],
      message: `the single-cell architecture needs the last hidden size equal to predSize (${p.predSize})`,
    })
  }
  if (p.horizon > 0 && p.horizon < p.predSize) {
    ctx.addIssue({
      code: 'custom',
      path: ['horizon'],
      message: 'the long horizon must be 0 or at least predSize',
    })
  }
}

export const TrainingParams = TrainingFields.superRefine(checkTogether)

/**
 * A global model (issue 11): one model trained on several homes. The same fields as a home run but
 * the dataset: the homes' dataset ids (a community's members, or a chosen few), and the community.
 */
export const GlobalTrainingParams = TrainingFields.omit({ datasetId: true, initFrom: true })
  .extend({
    datasetIds: z
      .array(z.number().int().positive())
      .min(2, 'a global model needs at least 2 homes')
      .max(1000),
    communityId: z.number().int().positive().optional(),
  })
  .superRefine(checkTogether)
export type GlobalTrainingRequest = z.input<typeof GlobalTrainingParams>
export type GlobalTrainingParams = z.output<typeof GlobalTrainingParams>

/** The request as sent (defaults optional). */
export type TrainingRequest = z.input<typeof TrainingParams>
/** The request after validation (defaults filled in). */
export type TrainingParams = z.output<typeof TrainingParams>
