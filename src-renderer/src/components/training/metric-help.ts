import { baselineWords } from '../../../../src-main/shared/baseline-names'

/** What each figure of a verdict means, for the tooltips of the Training and Models areas. */
export const METRIC_HELP = {
  mae:
    'Mean absolute error: the average size of a miss, in watts, whatever its sign. Lower is better; ' +
    'the skill is computed from it.',
  rmse:
    'Root mean squared error, in watts: like the MAE, but large misses weigh more (a missed peak costs ' +
    'more than several small misses). Lower is better.',
  mape:
    'Mean absolute percentage error: the miss as a share of the actual value. Actual values under 10 W ' +
    'are left out (a near-zero actual makes it explode). Lower is better.',
  smape:
    'Symmetric MAPE: the miss as a share of the mean of forecast and actual, between 0 and 200 %; it ' +
    'stays finite near zero. Lower is better.',
  r2:
    'R², the coefficient of determination: 1 is a perfect forecast, 0 is no better than always ' +
    'forecasting the mean of the actual values, below 0 is worse than that. Higher is better.',
  bias: 'Mean of forecast − actual, in watts: above 0 the model over-forecasts on average, below 0 it under-forecasts.',
  n: 'How many forecast values were scored (windows × steps).',
  epochs: 'Passes over the training windows.',
  time: 'Wall-clock training time on the machine that trained it.',
} as const

export type MetricKey = keyof typeof METRIC_HELP

/**
 * The skill's tooltip, naming the baseline it compares against: "Skill = 1 − MAE(LSTM) / MAE(same
 * time yesterday), the best of the naive baselines on these windows…".
 */
export function skillHelp(bestBaseline: string | null | undefined): string {
  const against = bestBaseline ? baselineWords(bestBaseline) : 'the best naive baseline'
  return (
    `Skill = 1 − MAE(LSTM) / MAE(${against})` +
    (bestBaseline ? ', the best of the naive baselines on these windows' : '') +
    '. Above 0 the LSTM beats it (0.2: its error is 20 % smaller); 0 or below, a naive forecast does as well.'
  )
}
