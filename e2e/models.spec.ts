import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { expect, fixturesDir, test, type VoisinApp } from './harness/app-fixture'

// The Models area on a real library: two models trained by the two engines, compared side by
// side; a model forecasting another household. Training is tiny (a few seconds per model).

const MAY_2022 = join(fixturesDir, '15min/CDB001_2022-05-01--2022-05-31_15min.csv')
const MARCH_2021 = join(fixturesDir, '15min/CDB002_2021_03_15min.csv')
const tiny = {
  seqLen: 16,
  predSize: 2,
  hiddenSizes: [4],
  epochs: 2,
  horizon: 0,
  calendar: false,
  resolution: '15min',
}

async function importFile(app: VoisinApp, path: string, home: string): Promise<number> {
  await app.importFiles([path])
  let id = 0
  await expect
    .poll(
      async () => {
        const list = await app.call<{ home: string; datasetId: number }[]>('dataset', 'list')
        id = list.find((d) => d.home === home)?.datasetId ?? 0
        return id
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThan(0)
  return id
}

/** Trains through the contract and waits until every run has ended. */
async function trainModels(app: VoisinApp, requests: Record<string, unknown>[]): Promise<void> {
  for (const request of requests) await app.call('training', 'start', request)
  await expect
    .poll(async () => (await app.call<{ status: string }[]>('training', 'runs', {})).map((r) => r.status), {
      timeout: 90_000,
    })
    .toEqual(requests.map(() => 'done'))
}

test('compares a scratch-engine and a TF.js model trained on the same household', async ({ app }) => {
  test.setTimeout(150_000)
  const { page } = app
  const datasetId = await importFile(app, MAY_2022, 'CDB001')
  await trainModels(app, [
    { datasetId, ...tiny, engine: 'scratch', name: 'Ours' },
    { datasetId, ...tiny, engine: 'tfjs', name: 'Keras-like' },
  ])
  await page.getByTestId('nav-models').click()
  const rows = page.getByTestId('model-row')
  await expect(rows).toHaveCount(2)

  // sort and filter
  await page.getByTestId('sort-name').click()
  await expect(rows.first().locator('[data-col="name"]')).toHaveText('Keras-like')
  await page.getByTestId('sort-name').click()
  await expect(rows.first().locator('[data-col="name"]')).toHaveText('Ours')
  await page.getByTestId('filter-engine').selectOption('tfjs')
  await expect(rows).toHaveCount(1)
  await expect(rows.first().locator('[data-col="engine"]')).toContainText('tfjs')
  await page.getByTestId('filter-engine').selectOption('')
  await expect(rows).toHaveCount(2)

  // compare
  await page.getByTestId('model-select').nth(0).check()
  await page.getByTestId('model-select').nth(1).check()
  await page.getByTestId('compare-selected').click()
  const view = page.getByTestId('compare-view')
  await expect(view).toBeVisible()
  const metrics = view.getByTestId('compare-metrics')
  await expect(metrics.locator('thead')).toContainText('Ours')
  await expect(metrics.locator('thead')).toContainText('Keras-like')
  for (const row of ['MAE (W)', 'RMSE (W)', 'R²', 'Skill vs best baseline', 'Persistence MAE (W)']) {
    await expect(metrics).toContainText(row)
  }
  // one best value highlighted in each contested row (MAE, RMSE, MAPE, sMAPE, R², skill, time)
  expect(await metrics.locator('td.best').count()).toBeGreaterThanOrEqual(5)
  // same data, window and seed: the engine is the only setting that differs
  await expect(view.getByTestId('compare-config-row')).toHaveCount(1)
  await expect(view.getByTestId('compare-config-row').first()).toContainText('engine')
  await expect(view.getByTestId('compare-prediction')).toBeVisible()
  await expect(view.getByTestId('compare-notes')).toHaveCount(0)
  await app.screenshot('models-compare')

  // rename, notes, delete with confirmation, undo
  await page.getByTestId('models-tab-library').click()
  await rows.filter({ hasText: 'Ours' }).click()
  await page.getByTestId('model-name').fill('Ours, tiny')
  await page.getByTestId('model-notes').fill('two epochs')
  await page.getByTestId('model-save').click()
  await expect(rows.filter({ hasText: 'Ours, tiny' })).toHaveCount(1)
  await page.getByTestId('model-delete').click()
  await page.getByTestId('model-delete-confirm').click()
  await expect(rows).toHaveCount(1)
  await page.getByTestId('model-undo').click()
  await expect(rows).toHaveCount(2)
  const list = await app.call<{ name: string; notes: string }[]>('model', 'list')
  expect(list.find((m) => m.name === 'Ours, tiny')?.notes).toBe('two epochs')

  // export through the save dialog (the main process writes the file), import it back through the open dialog
  await rows.filter({ hasText: 'Keras-like' }).click()
  const saved = join(app.dataDir, 'exported.vfmodel')
  await app.queueSaveFile(saved)
  await page.getByTestId('model-export').click()
  await expect(page.getByTestId('models-notice')).toContainText('Exported "Keras-like" to exported.vfmodel (')
  await expect(page.getByTestId('models-notice')).toContainText(
    `(${statSync(saved).size.toLocaleString('en')} bytes).`,
  )
  expect(JSON.parse(readFileSync(saved, 'utf8')).format).toBe('voisin-forecast-model-bundle')
  await app.queueOpenFiles([saved])
  await page.getByTestId('model-import').click()
  await expect(rows).toHaveCount(3)
  await expect(page.getByTestId('models-notice')).toContainText('Imported model')

  // resume training for one more epoch: a new model continues the curves
  await rows.filter({ hasText: 'Ours, tiny' }).click()
  await expect(page.getByTestId('model-detail')).toContainText('and optimizer moments')
  await page.getByTestId('resume-epochs').fill('1')
  await page.getByTestId('model-resume').click()
  await expect(page.getByTestId('models-notice')).toContainText('finished: a new model was saved', {
    timeout: 60_000,
  })
  await expect(rows).toHaveCount(4)
  await expect(rows.filter({ hasText: 'Ours, tiny (+1 epochs)' }).locator('[data-col="epochs"]')).toHaveText(
    '3',
  )
})

test('forecasts a second household with a saved model, with warnings, figures and downloads', async ({
  app,
}) => {
  test.setTimeout(120_000)
  const { page } = app
  const trainedOn = await importFile(app, MAY_2022, 'CDB001')
  const otherHome = await importFile(app, MARCH_2021, 'CDB002')
  await trainModels(app, [{ datasetId: trainedOn, ...tiny, engine: 'scratch' }])
  await page.getByTestId('nav-models').click()
  await page.getByTestId('model-row').first().click()
  await page.getByTestId('model-forecast').click()
  const panel = page.getByTestId('forecast-panel')
  await panel.getByTestId('forecast-dataset').selectOption(String(otherHome))

  // an instant off the 15-min grid is refused with the reason
  await panel.getByTestId('forecast-from').fill('2021-03-20T10:07:00Z')
  await panel.getByTestId('forecast-run').click()
  await expect(page.getByTestId('models-error')).toContainText('is not on the 900-s grid of dataset')

  await panel.getByTestId('forecast-from').fill('2021-03-20T10:00:00Z')
  // default: one day ahead, 96 steps of 15 min, recursive beyond the model's 2
  await expect(panel.getByTestId('forecast-horizon')).toHaveValue('96')
  await panel.getByTestId('forecast-run').click()
  await expect(panel.getByTestId('forecast-chart')).toBeVisible()
  await expect(panel.getByTestId('forecast-warnings')).toContainText(
    'trained on household CDB001; this is CDB002',
  )
  const oneCall = panel.getByTestId('forecast-metrics-model-horizon')
  await expect(oneCall).toContainText('LSTM')
  await expect(oneCall).toContainText('sameTimeYesterday')
  await expect(panel.getByTestId('forecast-metrics-recursive')).toContainText('persistence')
  await expect(panel.getByTestId('forecast-summary')).toContainText(
    'CDB002, 96 step(s) of 900 s from 2021-03-20T10:00:00.000Z',
  )
  await app.screenshot('models-forecast')

  const [csv] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('forecast-csv').click()])
  const csvPath = join(app.dataDir, 'forecast.csv')
  await csv.saveAs(csvPath)
  const lines = readFileSync(csvPath, 'utf8').trim().split('\n')
  expect(lines[0]).toBe('time_utc,predicted_w,actual_w,persistence_w,sameTimeYesterday_w,sameTimeLastWeek_w')
  expect(lines).toHaveLength(97)
  expect(lines[1]).toMatch(/^2021-03-20T10:00:00.000Z,-?\d/)

  const [png] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('forecast-png').click()])
  const pngPath = join(app.dataDir, 'forecast.png')
  await png.saveAs(pngPath)
  expect(readFileSync(pngPath).subarray(1, 4).toString()).toBe('PNG')
})
