import { describe, expect, it } from 'vitest'
import { METRIC_HELP, skillHelp } from './metric-help'

describe('metric tooltips', () => {
  it('names the baseline a skill compares against, in the words used everywhere else', () => {
    expect(skillHelp('sameTimeYesterday')).toMatch(
      /^Skill = 1 − MAE\(LSTM\) \/ MAE\(same time yesterday[^)]*\), the best of the naive baselines/,
    )
    expect(skillHelp(null)).toMatch(/^Skill = 1 − MAE\(LSTM\) \/ MAE\(the best naive baseline\)\. Above 0/)
  })

  it('explains each metric with which way is better', () => {
    for (const key of ['mae', 'rmse', 'mape', 'smape'] as const)
      expect(METRIC_HELP[key]).toMatch(/Lower is better/)
    expect(METRIC_HELP.r2).toMatch(/1 is a perfect forecast/)
  })
})
