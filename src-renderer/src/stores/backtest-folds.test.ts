import { describe, expect, it } from 'vitest'
import type { BacktestProgress } from '../../../src-main/shared/backtest-schemas'
import { backtestOptions, DEFAULT_CHOICES, foldStates, progressFigures } from './backtest-folds'

const progress = (patch: Partial<BacktestProgress> = {}): BacktestProgress => ({
  phase: 'training',
  foldsDone: 1,
  folds: 4,
  running: [],
  runner: 'threads',
  elapsedSeconds: 12,
  etaSeconds: 30,
  ...patch,
})
const training = (trainedOn: number, epoch: number, batch: number) => ({
  trainedOn,
  epoch,
  epochs: 4,
  batch,
  batches: 10,
  trainLoss: 0.2,
  valLoss: 0.3,
})
const detail = (done: { fold: number; skill: number | null }[], foldsPlanned = 4) => ({
  foldsPlanned,
  folds: done.map(({ fold, skill }) => ({ fold, test: { skill } })) as never,
})

describe("the backtest form's options", () => {
  it("are the CLI's defaults until changed", () => {
    expect(backtestOptions(DEFAULT_CHOICES)).toEqual({
      folds: 5,
      blockDays: 7,
      gapDays: 0,
      window: 'expanding',
      refit: 'every',
    })
  })

  it('send refit every N folds as the number N, and an emptied field as its default', () => {
    const options = backtestOptions({
      ...DEFAULT_CHOICES,
      folds: 3,
      blockDays: NaN,
      gapDays: 2,
      refit: 'n',
      refitEvery: 3,
      window: 'fixed',
    })
    expect(options).toEqual({ folds: 3, blockDays: 7, gapDays: 2, window: 'fixed', refit: 3 })
    expect(backtestOptions({ ...DEFAULT_CHOICES, refit: 'n', refitEvery: NaN }).refit).toBe(2)
    expect(backtestOptions({ ...DEFAULT_CHOICES, refit: 'once' }).refit).toBe('once')
  })
})

describe('where each planned fold stands', () => {
  it('is done once stored, training while its days train (with its epoch), waiting otherwise', () => {
    const states = foldStates(
      detail([{ fold: 2, skill: 0.12 }]),
      progress({ running: [training(1, 2, 5), training(3, 1, 0)] }),
      true,
    )
    expect(states.map((s) => [s.fold, s.stage, s.skill])).toEqual([
      [1, 'training', null],
      [2, 'done', 0.12],
      [3, 'training', null],
      [4, 'waiting', null],
    ])
    // fold 1 is in epoch 2 of 4, half-way through its batches: (1 + 0.5) / 4 of its training
    expect(states[0]).toMatchObject({ epoch: 2, epochs: 4, fraction: 0.375 })
    expect(states[2].fraction).toBe(0)
  })

  it('keeps the folds done and marks the others not run once the job ended (a cancel)', () => {
    const states = foldStates(
      detail([
        { fold: 1, skill: -0.05 },
        { fold: 2, skill: 0.2 },
      ]),
      progress({ running: [training(3, 2, 5)] }),
      false,
    )
    expect(states.map((s) => s.stage)).toEqual(['done', 'done', 'not-run', 'not-run'])
    expect(states.map((s) => s.skill)).toEqual([-0.05, 0.2, null, null])
  })

  it('plans as many folds as the job found, once it cut them', () => {
    expect(foldStates(detail([], 5), progress({ folds: 3, foldsDone: 0 }), true)).toHaveLength(5)
    expect(foldStates(detail([], 2), progress({ folds: 3, foldsDone: 0 }), true)).toHaveLength(3)
  })

  it('reads figures only from a progress report that has them', () => {
    expect(progressFigures({ phase: 'preparing' })).toBeNull()
    expect(progressFigures(undefined)).toBeNull()
    expect(progressFigures(progress())?.foldsDone).toBe(1)
  })
})
