/** What each metric means, for the tooltips of verdict tables, model tables and skill badges. */

/** The naive baselines every model is judged against: their names, and what each forecasts. */
export const baselines: Record<string, { name: string; forecast: string }> = {
  persistence: { name: 'persistence', forecast: 'the last reading, repeated' },
  sameTimeYesterday: { name: 'same time yesterday', forecast: 'the reading 24 h earlier' },
  sameTimeLastWeek: { name: 'same time last week', forecast: 'the reading 7 days earlier' },
}

export const metricHelp = {
  mae: 'Mean absolute error, in watts: how far a forecast is from the reading, on average. Lower is better.',
  rmse: 'Root mean square error, in watts: like MAE, but large misses weigh more. Lower is better.',
  mape: 'Mean absolute percentage error: the miss as a share of the reading. It explodes when readings are near 0 W (nights), so compare it with care. Lower is better.',
  smape: 'Symmetric MAPE: the miss as a share of the mean of forecast and reading, 0–200 %. Lower is better.',
  r2: 'R²: 1 is a perfect forecast, 0 is no better than always forecasting the mean, below 0 is worse than that.',
  skill:
    'Skill = 1 − MAE(model) / MAE(best naive baseline) on the test days: above 0 the model beats the best of persistence, same time yesterday and same time last week; 0 is a tie; below 0 it loses.',
  epochs: 'Passes over the training windows (early stopping may end the run before the maximum).',
} as const

/** The skill badge's tooltip: the formula with the baseline this verdict compares against. */
export function skillHelp(bestBaseline: string | null): string {
  if (!bestBaseline) return 'No verdict: no baseline could be scored on these test days.'
  const baseline = baselines[bestBaseline] ?? { name: bestBaseline, forecast: '' }
  return (
    `Skill = 1 − MAE(model) / MAE(${baseline.name}), the best naive baseline on these test days` +
    `${baseline.forecast ? ` (${baseline.forecast})` : ''}. Above 0 the model beats it; 0 is a tie; below 0 it loses.`
  )
}
