import { describe, expect, it } from 'vitest'
import { dayRuns, dayRunText } from './day-ranges'
import { parameterRows } from './hyper-parameters'

describe('a model page', () => {
  it('shows every training parameter in words, the defaults marked, unknown fields kept', () => {
    const rows = parameterRows({
      datasetId: 3,
      seqLen: 16,
      predSize: 2,
      hiddenSizes: [32, 16],
      loss: 'mae',
      learningRate: 0.01,
      calendar: true,
      split: { train: 0.7, validation: 0.15, test: 0.15 },
      futureSetting: 'x',
    })
    expect(rows.map((r) => [r.label, r.value, r.isDefault])).toEqual([
      ['Dataset', '3', false],
      ['Input window (seqLen, steps)', '16', false],
      ['Steps per forecast (predSize)', '2', false],
      ['LSTM layers (hidden sizes)', '32 × 16 (2 layer(s))', false],
      ['Learning rate', '0.01', false],
      ['Loss', 'mae', true],
      ['Calendar features', 'yes', true],
      ['Split train / validation / test', '0.7 / 0.15 / 0.15', true],
      ['futureSetting', 'x', false],
    ])
  })

  it('reads kept and removed days as runs of consecutive days', () => {
    const runs = dayRuns(['2022-05-03', '2022-05-01', '2022-05-02', '2022-05-05', '2022-12-31', '2023-01-01'])
    expect(runs.map(dayRunText)).toEqual([
      '2022-05-01 → 05-03 (3 days)',
      '2022-05-05',
      '2022-12-31 → 2023-01-01 (2 days)',
    ])
    expect(dayRuns([])).toEqual([])
    // the spring DST day is a day like any other
    expect(dayRuns(['2021-03-27', '2021-03-28', '2021-03-29'])).toHaveLength(1)
  })
})
