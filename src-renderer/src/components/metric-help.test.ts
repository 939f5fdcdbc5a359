import { describe, expect, it } from 'vitest'
import { metricHelp, skillHelp } from './metric-help'

describe('metric tooltips', () => {
  it('names the baseline a skill badge compares against', () => {
    expect(skillHelp('sameTimeYesterday')).toBe(
      'Skill = 1 − MAE(model) / MAE(same time yesterday), the best naive baseline on these test days ' +
        '(the reading 24 h earlier). Above 0 the model beats it; 0 is a tie; below 0 it loses.',
    )
    expect(skillHelp(null)).toMatch(/No verdict/)
  })

  it('explains each metric with its unit and which way is better', () => {
    for (const key of ['mae', 'rmse', 'mape', 'smape'] as const)
      expect(metricHelp[key]).toMatch(/Lower is better/)
    expect(metricHelp.r2).toMatch(/1 is a perfect forecast/)
  })
})
