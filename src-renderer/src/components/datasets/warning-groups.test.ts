import { describe, expect, it } from 'vitest'
import { groupWarnings } from './warning-groups'

describe('groupWarnings', () => {
  it('heads each warning in words, never with its id', () => {
    const groups = groupWarnings([
      {
        code: 'p-tot-mismatch',
        message: '3 readings where p_tot ≠ p_cons + p_prod (by more than 1 W).',
        count: 3,
      },
      { code: 'zero-runs', message: '1 run of all-zero rows…', count: 1 },
      { code: 'something-new', message: '…', count: 1 },
    ])
    expect(groups.map((g) => g.title)).toEqual([
      'Total power disagrees with consumption + production',
      'Outages filled with zeros',
      'Something new',
    ])
  })

  it('shows one glitch row of an older import once: its negative and p_tot warnings under the spike', () => {
    const older = [
      { code: 'negative-consumption', message: '0.011 % … (a meter installed backwards?)', count: 1 },
      { code: 'spikes', message: '1 readings with |p| ≥ 100 kW: measurement glitches…', count: 1 },
      { code: 'p-tot-mismatch', message: '1 readings where p_tot ≠ p_cons + p_prod', count: 1 },
      { code: 'zero-runs', message: '3 runs…', count: 3 },
    ]
    const groups = groupWarnings(older)
    expect(groups.map((g) => g.code)).toEqual(['spikes', 'zero-runs'])
    expect(groups[0].related.map((w) => w.code)).toEqual(['negative-consumption', 'p-tot-mismatch'])
  })

  it('keeps them apart when they count other readings too, or when the import already counted each once', () => {
    const many = groupWarnings([
      { code: 'negative-consumption', message: '40 % …', count: 400 },
      { code: 'spikes', message: '1 readings with |p| ≥ 100 kW', count: 1 },
    ])
    expect(many.map((g) => g.code)).toEqual(['negative-consumption', 'spikes'])
    const current = groupWarnings([
      {
        code: 'spikes',
        message: '1 reading … It is negative as well; other warnings do not count it again.',
        count: 1,
      },
      { code: 'negative-consumption', message: '1 p_cons reading is negative …', count: 1 },
    ])
    expect(current.map((g) => g.code)).toEqual(['spikes', 'negative-consumption'])
  })
})
