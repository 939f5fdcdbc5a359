import { describe, expect, it } from 'vitest'
import { TrainingParams } from '../shared/training-params'
import { divergenceWarning, TrainingDivergedError } from './divergence'
import { createModel } from './model-factory'
import { evaluateOnTest, modelConfigFor, trainWithEarlyStopping, windowsOf } from './pipeline'
import { prepareFromGrid, syntheticLoad } from './test-data'

const params = (patch: Record<string, unknown> = {}) =>
  TrainingParams.parse({
    datasetId: 1,
    seqLen: 16,
    predSize: 2,
    hiddenSizes: [8],
    epochs: 6,
    batchSize: 32,
    learningRate: 0.01,
    horizon: 8,
    patience: 2,
    ...patch,
  })

const noHooks = { progress: () => undefined, cancelled: () => false }

describe('training pipeline', () => {
  const data = prepareFromGrid(syntheticLoad(20), { seqLen: 16, predSize: 2, stride: 1 })

  it('trains, keeps the best epoch by validation loss, and beats a constant forecast on the test days', async () => {
    const p = params()
    const model = await createModel('scratch', modelConfigFor(p, data.train.inputSize))
    const progress: number[] = []
    const loop = await trainWithEarlyStopping(model, windowsOf(data, p), p, {
      ...noHooks,
      progress: (r) => progress.push(r.epoch),
    })
    expect(loop.history.length).toBe(loop.epochsRun)
    expect(loop.history.length).toBeLessThanOrEqual(6)
    const best = loop.history.reduce((a, b) => ((b.valLoss ?? Infinity) < (a.valLoss ?? Infinity) ? b : a))
    expect(loop.bestEpoch).toBe(best.epoch)
    // the restored weights are the best epoch's: evaluating them gives that epoch's validation loss
    const perStep = new Float64Array(2)
    const val = model.evaluate(data.validation.x, data.validation.y, data.validation.n, p.loss, perStep)
    expect(val).toBeCloseTo(best.valLoss!, 6)
    expect(progress.length).toBeGreaterThan(0)

    const report = evaluateOnTest(model, data, p)
    expect(report.test.windows.evaluated).toBeGreaterThan(0)
    expect(report.test.baselines.persistence!.overall.n).toBe(report.test.model.overall.n)
    expect(report.longHorizon?.horizon).toBe(8)
    // a constant forecast at the training mean
    const mean = data.scaler.center
    const constantMae =
      report.chart.actual.reduce((sum, a) => sum + Math.abs(a - mean), 0) / report.chart.actual.length
    expect(report.test.model.perStep[0].mae).toBeLessThan(constantMae)
    expect(report.chart.t.length).toBe(report.test.windows.evaluated)
  })

  it('gives identical results for the same seed', async () => {
    const p = params({ epochs: 2, earlyStopping: false })
    const run = async () => {
      const model = await createModel('scratch', modelConfigFor(p, data.train.inputSize))
      await trainWithEarlyStopping(model, windowsOf(data, p), p, noHooks)
      return model.getWeights()
    }
    expect(await run()).toEqual(await run())
  })

  it('stops at a cancel and reports it', async () => {
    const p = params({ epochs: 50 })
    const model = await createModel('scratch', modelConfigFor(p, data.train.inputSize))
    let batches = 0
    const loop = await trainWithEarlyStopping(model, windowsOf(data, p), p, {
      progress: () => batches++,
      cancelled: () => batches > 3,
    })
    expect(loop.stopReason).toBe('cancelled')
    expect(loop.epochsRun).toBeLessThanOrEqual(1)
  })

  it('refuses to go on when the loss explodes', async () => {
    const p = params({
      optimizer: 'sgd',
      loss: 'mse',
      learningRate: 5,
      momentum: 0.99,
      clipNorm: 0,
      epochs: 20,
      earlyStopping: false,
    })
    const model = await createModel('scratch', modelConfigFor(p, data.train.inputSize))
    const error = await trainWithEarlyStopping(model, windowsOf(data, p), p, noHooks).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TrainingDivergedError)
    const diverged = error as TrainingDivergedError
    expect(diverged.stopReason).toBe('diverged')
    expect(diverged.message).toMatch(
      /^The training diverged: the loss became (NaN|too large) at epoch \d+, batch \d+ \(SGD, learning rate 5\): lower the learning rate/,
    )
    expect(diverged.history.every((h) => h.epoch >= 1)).toBe(true)
  })

  it('says "diverged" also when the engine itself meets a NaN loss', async () => {
    const p = params({ epochs: 3 })
    // NaN targets: the engine's own check (before any callback) stops at the first batch
    const poisoned = { ...data, train: { ...data.train, y: new Float64Array(data.train.y.length).fill(NaN) } }
    const model = await createModel('scratch', modelConfigFor(p, data.train.inputSize))
    await expect(trainWithEarlyStopping(model, windowsOf(poisoned, p), p, noHooks)).rejects.toThrow(
      new TrainingDivergedError(
        'The training diverged: the loss became NaN at epoch 1, batch 1 (Adam, learning rate 0.01): lower the learning rate or check the data.',
        [],
      ),
    )
  })

  it('flags a run whose loss rose far above where it started (Adam at learning rate 10), not a sane one', async () => {
    const run = async (patch: Record<string, unknown>) => {
      const p = params({ epochs: 4, earlyStopping: false, ...patch })
      const model = await createModel('scratch', modelConfigFor(p, data.train.inputSize))
      return trainWithEarlyStopping(model, windowsOf(data, p), p, noHooks)
    }
    const wild = await run({ learningRate: 10 })
    expect(wild.stopReason).toBe('completed')
    expect(wild.warnings).toEqual([
      expect.stringMatching(
        /^The training loss diverged: it rose to [\d.]+ at epoch \d, \d+× where it started \([\d.]+\), and ended at [\d.]+: lower the learning rate \(10 with Adam\)\.$/,
      ),
    ])
    expect((await run({})).warnings).toEqual([])
  })
})

describe('divergenceWarning', () => {
  const adam = { learningRate: 0.003, optimizer: 'adam' as const }
  const curve = (...losses: number[]) => losses.map((trainLoss, k) => ({ epoch: k + 1, trainLoss }))

  it('flags a peak far above the start, or a slow climb to 10× the first epoch', () => {
    expect(divergenceWarning(curve(0.5, 0.4, 0.35), 0.45, adam)).toBeNull()
    expect(divergenceWarning(curve(0.5, 2, 0.6), 0.45, adam)).toMatch(
      /rose to 2\.00 at epoch 2, 4× where it started/,
    )
    // a start that says little (0 after a lucky first batch) falls back on the first epoch
    expect(divergenceWarning(curve(0.01, 0.05, 0.2), 0.1, adam)).toMatch(
      /ended at 0\.200, 20× the first epoch's \(0\.0100\)/,
    )
    expect(divergenceWarning([], 0.45, adam)).toBeNull()
  })
})

describe('TrainingParams', () => {
  it('refuses absurd parameters with a message naming the field', () => {
    const refuse = (patch: Record<string, unknown>) => {
      const result = TrainingParams.safeParse({ datasetId: 1, ...patch })
      expect(result.success).toBe(false)
      return result.success
        ? ''
        : `${result.error.issues[0].path.join('.')}: ${result.error.issues[0].message}`
    }
    expect(refuse({ seqLen: 0 })).toBe('seqLen: seqLen must be at least 1')
    expect(refuse({ hiddenSizes: [2048] })).toBe('hiddenSizes.0: hidden size must be at most 1024')
    expect(refuse({ hiddenSizes: [8, 8, 8, 8, 8] })).toBe('hiddenSizes: at most 4 LSTM layers')
    expect(refuse({ learningRate: -1 })).toBe('learningRate: the learning rate must be positive')
    expect(refuse({ head: 'none', hiddenSizes: [3], predSize: 2 })).toMatch(/single-cell/)
  })
})
