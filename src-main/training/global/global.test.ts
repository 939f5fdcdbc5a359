import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Library } from '../../db/library'
import type { ModelConfig } from '../../engine/config'
import type { ForecastModel } from '../../engine/model'
import { Rng } from '../../engine/rng'
import { TrainingParams } from '../../shared/training-params'
import { communityFiles, importIntoLibrary } from '../../test-support/community-fixtures'
import { makeTempDir } from '../../test-support/temp-dir'
import { createModel } from '../model-factory'
import { modelConfigFor, trainWithEarlyStopping } from '../pipeline'
import { fitScaler } from '../scaling'
import { SPLIT_CODES } from '../split'
import { prepareGlobalData } from './global-data'
import { evaluateHomes, evaluateSummedTotal, winsOf } from './global-evaluate'

let temp: ReturnType<typeof makeTempDir>
let library: Library
let ids: number[]

beforeAll(async () => {
  temp = makeTempDir('vf-global-')
  library = await Library.open(join(temp.dir, 'lib.sqlite'))
  ids = await importIntoLibrary(library, communityFiles('CDB'))
}, 60_000)

afterAll(async () => {
  await library.close()
  temp.remove()
})

/** A small, fast configuration: 4 hours in, the next hour out. */
const params = (overrides: Partial<TrainingParams> = {}) => {
  const { datasetId: _unused, ...rest } = TrainingParams.parse({
    datasetId: 1,
    seqLen: 16,
    predSize: 4,
    hiddenSizes: [6],
    epochs: 1,
    batchSize: 128,
    horizon: 0,
    ...overrides,
  })
  return rest
}

/** A model that always forecasts `value` in model units (centre + value × scale of each home, in watts). */
function constantModel(config: ModelConfig, value: number): ForecastModel {
  return {
    engine: 'scratch',
    config,
    specs: [],
    rng: new Rng(1),
    compile: () => undefined,
    trainBatch: () => 0,
    evaluate: () => 0,
    predict: (_x, N) => new Float64Array(N * config.predSize).fill(value),
    getWeights: () => new Float64Array(0),
    setWeights: () => undefined,
    serialize: () => new Uint8Array(0),
    dispose: () => undefined,
  }
}

describe('global model data', () => {
  it('splits every home by the same dates, so no test date is ever a training date of another home', async () => {
    const data = await prepareGlobalData(library, params(), ids)
    const lastTrain = data.dates.train.at(-1)!
    const firstTest = data.dates.test[0]
    expect(lastTrain < data.dates.validation[0] && data.dates.validation.at(-1)! < firstTest).toBe(true)
    for (const home of data.homes) {
      for (const d of home.days.train) expect(d <= lastTrain).toBe(true)
      for (const d of home.days.test) expect(d >= firstTest).toBe(true)
    }
    expect(data.homes.length).toBeGreaterThanOrEqual(3)
  })

  it('scales each home with statistics of its own training days', async () => {
    const data = await prepareGlobalData(library, params(), ids)
    for (const home of data.homes) {
      expect(home.scaler).toEqual(fitScaler(home.grid.values, home.labels, SPLIT_CODES.train, 'standard'))
    }
    // the inverted home's readings are negative: its centre is too, and the windows are standardised anyway
    const inverted = data.homes.find((h) => h.home === 'CDB034')!
    expect(inverted.scaler.center).toBeLessThan(0)
    const x = new Float64Array(data.train.n > 0 ? 16 * data.inputSize : 0)
    const y = new Float64Array(4)
    const k = data.homes.slice(0, data.homes.indexOf(inverted)).reduce((s, h) => s + h.starts.train.length, 0)
    data.train.gather(Uint32Array.of(k), 0, 1, x, y)
    const start = inverted.starts.train[0]
    expect(x[0]).toBeCloseTo(
      (inverted.grid.values[start] - inverted.scaler.center) / inverted.scaler.scale,
      12,
    )
    expect(y[0]).toBeCloseTo(
      (inverted.grid.values[start + 16] - inverted.scaler.center) / inverted.scaler.scale,
      12,
    )
  })

  it('counts every home’s windows once in the training source', async () => {
    const data = await prepareGlobalData(library, params(), ids)
    expect(data.train.n).toBe(data.homes.reduce((s, h) => s + h.starts.train.length, 0))
    expect(data.validation.n).toBe(data.homes.reduce((s, h) => s + h.starts.validation.length, 0))
  })
})

describe('global model evaluation', () => {
  it('trains one model on every home and scores each home against its own baselines', async () => {
    const p = params()
    const data = await prepareGlobalData(library, p, ids)
    const model = await createModel('scratch', modelConfigFor(p, data.inputSize))
    const loop = await trainWithEarlyStopping(model, data, p, {
      progress: () => undefined,
      cancelled: () => false,
    })
    expect(loop.history.length).toBe(1)
    const homes = evaluateHomes(model, data)
    expect(homes.map((h) => h.home).sort()).toEqual(
      data.homes
        .filter((h) => h.starts.test.length > 0)
        .map((h) => h.home)
        .sort(),
    )
    for (const h of homes) {
      expect(h.test.model.overall.mae).toBeGreaterThan(0)
      expect(h.test.baselines.persistence).toBeDefined()
    }
    const summary = winsOf(homes)
    expect(summary.scored).toBe(homes.filter((h) => h.test.skill !== null).length)
    expect(summary.wins).toBe(homes.filter((h) => (h.test.skill ?? 0) > 0).length)
  })

  it('forecasts the total as the sum of the homes’ forecasts, sign flips included, and reports its bias', async () => {
    const p = params()
    const data = await prepareGlobalData(library, p, ids)
    const config = modelConfigFor(p, data.inputSize)
    const zero = evaluateSummedTotal(constantModel(config, 0), data)!
    const one = evaluateSummedTotal(constantModel(config, 1), data)!
    const included = zero.homes.filter((h) => h.included)
    expect(included.length).toBeGreaterThanOrEqual(2)
    expect(zero.homes.find((h) => h.home === 'CDB034')!.signFlipped).toBe(true)
    expect(zero.test.model.overall.n).toBe(zero.test.windows.evaluated * 4)
    // one unit more in every home's forecast moves the summed forecast, hence its bias, by Σ sign × scale
    const shift = included.reduce((sum, h) => {
      const home = data.homes.find((g) => g.datasetId === h.datasetId)!
      return sum + (h.signFlipped ? -1 : 1) * home.scaler.scale
    }, 0)
    expect(one.bias - zero.bias).toBeCloseTo(shift, 6)
    // the same windows and the same actuals: the baselines do not move
    expect(one.test.baselines.persistence!.overall.mae).toBe(zero.test.baselines.persistence!.overall.mae)
  })
})
