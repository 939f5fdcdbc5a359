import { describe, expect, it } from 'vitest'
import { paramCount, paramLayout } from '../engine/config'
import { formatBytes, formatDuration } from '../shared/human-units'
import { TrainingParams } from '../shared/training-params'
import { estimateTraining, memoryRefusal, trainingWarnings } from './estimate'
import { modelConfigFor } from './pipeline'
import { inputSizeOf } from './prepare'

const params = (patch: Record<string, unknown> = {}) => TrainingParams.parse({ datasetId: 1, ...patch })
const estimate = (p: TrainingParams, windows = { train: 2000, validation: 400 }) =>
  estimateTraining(p, modelConfigFor(p, inputSizeOf(p)), windows)

describe('estimateTraining', () => {
  it('counts float64 weights with Adam state, a batch of BPTT activations and the windows', () => {
    const p = params({ seqLen: 48, predSize: 4, hiddenSizes: [32], batchSize: 64, calendar: true })
    const config = modelConfigFor(p, inputSizeOf(p))
    const parameters = paramCount(paramLayout(config))
    expect(parameters).toBe((5 + 32) * 128 + 128 + 32 * 4 + 4)
    const e = estimate(p)
    const network = parameters * 5 // weights, gradients, best weights, Adam m and v
    const activations = 64 * 48 * (5 + 8 * 32)
    const windows = 2400 * (48 * 5 + 4 + 1)
    expect(e.memoryBytes).toBe((network + activations + windows) * 8)
    expect(e.parameters).toBe(parameters)
    // SGD without momentum keeps no moments; a batch larger than the data holds only the data
    const sgd = estimate(params({ ...p, optimizer: 'sgd', momentum: 0 }))
    expect(e.memoryBytes - sgd.memoryBytes).toBe(2 * parameters * 8)
    const huge = estimate(params({ ...p, batchSize: 65_536 }), { train: 100, validation: 0 })
    expect(huge.memoryBytes).toBe((network + 100 * 48 * (5 + 8 * 32) + 100 * 245) * 8)
  })

  it('grows time per epoch with the windows and the network, and is slower for TF.js', () => {
    const small = estimate(params({ hiddenSizes: [32] }))
    const big = estimate(params({ hiddenSizes: [64, 64] }))
    expect(big.secondsPerEpoch).toBeGreaterThan(4 * small.secondsPerEpoch)
    expect(estimate(params(), { train: 4000, validation: 800 }).secondsPerEpoch).toBeCloseTo(
      2 * small.secondsPerEpoch,
      12,
    )
    expect(estimate(params({ engine: 'tfjs' })).secondsPerEpoch).toBeGreaterThan(small.secondsPerEpoch)
  })
})

describe('trainingWarnings', () => {
  it('is silent for the defaults', () => {
    const p = params()
    expect(trainingWarnings(p, estimate(p), 2000)).toEqual([])
  })

  it('warns about a 4 × 1024 network: its memory, its time per epoch and its size', () => {
    const p = params({ hiddenSizes: [1024, 1024, 1024, 1024] })
    const e = estimate(p)
    expect(e.memoryBytes).toBeGreaterThan(2e9)
    const warnings = trainingWarnings(p, e, 2000)
    expect(warnings).toEqual([
      expect.stringMatching(
        /^This run needs about 2\.\d GB of memory \(network 4 × 1024\/1024\/1024\/1024, batch 64/,
      ),
      expect.stringMatching(
        /^One epoch will take about \d+\.\d h with the scratch engine \(2000 training windows\), so 40 epochs up to \d+\.\d days\.$/,
      ),
      expect.stringMatching(/^The network \(4 × 1024\/1024\/1024\/1024\) has 29,4\d\d,\d\d\d parameters/),
    ])
  })

  it('warns about a learning rate far above what Adam or SGD tolerate', () => {
    const adam = params({ learningRate: 10 })
    expect(trainingWarnings(adam, estimate(adam), 2000)).toEqual([
      'The learning rate 10 is unusually high for Adam (above 0.1; the default is 0.003): the loss will likely diverge.',
    ])
    const sgd = params({ optimizer: 'sgd', learningRate: 0.5 })
    expect(trainingWarnings(sgd, estimate(sgd), 2000)).toEqual([])
    const fast = params({ optimizer: 'sgd', learningRate: 2 })
    expect(trainingWarnings(fast, estimate(fast), 2000)[0]).toMatch(
      /learning rate 2 is unusually high for SGD/,
    )
  })
})

describe('memoryRefusal', () => {
  it('refuses only what the machine cannot hold', () => {
    const e = { memoryBytes: 3e9, secondsPerEpoch: 1, parameters: 10 }
    expect(memoryRefusal(e, 8e9)).toBeNull()
    expect(memoryRefusal(e, 2e9)).toBe(
      'This run needs about 3.0 GB of memory, more than this computer has (2.0 GB): ' +
        'use fewer or smaller LSTM layers, a shorter window or a smaller batch.',
    )
  })
})

describe('human units', () => {
  it('prints sizes and durations the way the warnings read', () => {
    expect([formatBytes(2_345_678), formatBytes(2.06e9)]).toEqual(['2 MB', '2.1 GB'])
    expect([0.2, 40, 720, 7200, 3 * 86_400].map(formatDuration)).toEqual([
      'under 1 s',
      '40 s',
      '12 min',
      '2.0 h',
      '3.0 days',
    ])
  })
})
