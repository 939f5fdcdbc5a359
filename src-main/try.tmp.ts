import { Library } from './db/library'
import { TrainingParams } from './shared/training-params'
import { prepareGlobalData } from './training/global/global-data'
import { evaluateHomes, evaluateSummedTotal, winsOf } from './training/global/global-evaluate'
import { modelConfigFor, trainWithEarlyStopping } from './training/pipeline'
import { createModel } from './training/model-factory'
void (async () => {
  const lib = await Library.open('/tmp/lead/c.sqlite')
  const ids = (await lib.all<{ id: number }>("SELECT id FROM datasets WHERE kind='home' ORDER BY id")).map(
    (r) => r.id,
  )
  const params = TrainingParams.parse({ datasetId: 1, epochs: Number(process.env.EPOCHS ?? 3) })
  let t0 = performance.now()
  const data = await prepareGlobalData(lib, params, ids)
  console.log(
    'prep s',
    (performance.now() - t0) / 1000,
    'homes',
    data.homes.length,
    'train',
    data.train.n,
    'val',
    data.validation.n,
    'skipped',
    data.skipped,
    'dates',
    data.dates.train.length,
    data.dates.validation.length,
    data.dates.test.length,
    'rss MB',
    process.memoryUsage().rss / 1e6,
  )
  const model = await createModel('scratch', modelConfigFor(params, data.inputSize))
  t0 = performance.now()
  const loop = await trainWithEarlyStopping(model, data, params, {
    progress: () => {},
    cancelled: () => false,
  })
  console.log(
    'train s',
    loop.trainSeconds,
    loop.history.map((h) => [h.trainLoss.toFixed(4), h.valLoss?.toFixed(4)]),
    'rss MB',
    process.memoryUsage().rss / 1e6,
  )
  t0 = performance.now()
  const homes = evaluateHomes(model, data)
  console.log('eval s', (performance.now() - t0) / 1000, winsOf(homes))
  for (const h of homes)
    console.log(h.home, h.test.skill?.toFixed(3), h.test.bestBaseline, h.test.windows.evaluated)
  const total = evaluateSummedTotal(model, data)
  console.log(
    'total',
    total?.test.skill,
    total?.bias,
    total?.test.model.overall.mae,
    total?.test.windows,
    total?.homes.filter((h) => !h.included || h.signFlipped).map((h) => h.home + (h.signFlipped ? '±' : '-')),
  )
  await lib.close()
})()
