import { createHash } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Locator } from '@playwright/test'
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

/**
 * Screenshots at the two window sizes the app is checked at (small laptop, desktop): the top of the
 * page, then each of `sections` scrolled into view (the app scrolls inside its content pane).
 */
async function screenshotAt(app: VoisinApp, name: string, sections: Locator[] = []): Promise<void> {
  const before = app.page.viewportSize()
  for (const [width, height] of [
    [1024, 768],
    [1440, 900],
  ]) {
    await app.page.setViewportSize({ width, height })
    await app.page.locator('main').evaluate((main) => main.scrollTo(0, 0))
    await app.screenshot(`${name}-${width}x${height}`)
    for (const [k, section] of sections.entries()) {
      await section.scrollIntoViewIfNeeded()
      await app.screenshot(`${name}-${width}x${height}-${k + 1}`)
    }
  }
  if (before) await app.page.setViewportSize(before)
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
    { datasetId, ...tiny, hiddenSizes: [6], loss: 'mse', engine: 'scratch', name: 'Wider' },
  ])
  await page.getByTestId('nav-models').click()
  const rows = page.getByTestId('model-row')
  await expect(rows).toHaveCount(3)

  // hyper-parameter columns, and the chooser that hides or shows them
  const wider = rows.filter({ hasText: 'Wider' })
  await expect(wider.locator('[data-col="layers"]')).toHaveText('6')
  await expect(wider.locator('[data-col="loss"]')).toHaveText('mse')
  await expect(wider.locator('[data-col="window"]')).toHaveText('16→2')
  await expect(wider.locator('[data-col="lr"]')).toHaveCount(0)
  await page.getByTestId('model-columns').locator('summary').click()
  await page.getByTestId('column-lr').check()
  await page.getByTestId('column-loss').uncheck()
  await expect(wider.locator('[data-col="lr"]')).toHaveText('0.003')
  await expect(wider.locator('[data-col="loss"]')).toHaveCount(0)
  await page.getByTestId('column-loss').check()
  await page.getByTestId('model-columns').locator('summary').click()

  // sort and filter
  await page.getByTestId('sort-name').click()
  await expect(rows.first().locator('[data-col="name"]')).toHaveText('Keras-like')
  await page.getByTestId('sort-name').click()
  await expect(rows.first().locator('[data-col="name"]')).toHaveText('Wider')
  await page.getByTestId('filter-engine').selectOption('tfjs')
  await expect(rows).toHaveCount(1)
  await expect(rows.first().locator('[data-col="engine"]')).toContainText('tfjs')
  await page.getByTestId('filter-engine').selectOption('')
  await expect(rows).toHaveCount(3)

  // compare the three, overlaid
  for (const k of [0, 1, 2]) await page.getByTestId('model-select').nth(k).check()
  await page.getByTestId('compare-selected').click()
  const view = page.getByTestId('compare-view')
  await expect(view).toBeVisible()
  const metrics = view.getByTestId('compare-metrics')
  for (const name of ['Ours', 'Keras-like', 'Wider'])
    await expect(metrics.locator('thead')).toContainText(name)
  const metricRows = metrics.getByTestId('compare-metric-row')
  /** the row whose first cell reads exactly `label` */
  const metricRow = (label: string) =>
    metricRows.filter({ has: page.locator('td:first-child').getByText(label, { exact: true }) })
  for (const row of [
    'MAE (W)',
    'RMSE (W)',
    'R²',
    'Skill vs its best baseline',
    'Persistence (last value), MAE (W)',
    'Same time yesterday, MAE (W)',
  ]) {
    await expect(metricRow(row)).toHaveCount(1)
  }
  await expect(metricRow('MAE (W)').locator('td').first()).toHaveAttribute('title', /^Mean absolute error/)
  // the skill names the baseline each model is compared against
  await expect(
    metricRows.filter({ hasText: 'Skill vs' }).getByTestId('compare-value').first(),
  ).toHaveAttribute(
    'title',
    /^Skill = 1 − MAE\(LSTM\) \/ MAE\((persistence \(last value\)|same time yesterday|same time last week)\)/,
  )
  // green marks exactly the values shown best: never one of several that read the same
  const contested = ['MAE (W)', 'RMSE (W)', 'MAPE (%)', 'sMAPE (%)', 'R²', 'Skill vs its best baseline']
  let highlighted = 0
  for (const label of contested) {
    const cells = metricRow(label).getByTestId('compare-value')
    const shown = (await cells.allInnerTexts()).map((t) => Number(t.split('\n')[0]))
    const best = label === 'R²' || label.startsWith('Skill') ? Math.max(...shown) : Math.min(...shown)
    const winners = shown.map((v) => v === best)
    const expected = winners.every(Boolean) ? shown.map(() => false) : winners
    const classes = await cells.evaluateAll((tds) => tds.map((td) => td.classList.contains('best')))
    expect(classes, `${label}: ${shown.join(' / ')}`).toEqual(expected)
    highlighted += classes.filter(Boolean).length
  }
  expect(highlighted).toBeGreaterThan(0)
  // same data and seed: the engine, the hidden size and the loss differ
  await expect(view.getByTestId('compare-config-row')).toHaveCount(3)
  const config = view.getByTestId('compare-config-row')
  await expect(config.locator('td:first-child')).toHaveText(['engine', 'hidden sizes', 'loss'])
  const headers = (await metrics.locator('thead th').allInnerTexts()).slice(1)
  const hidden = headers.map((name) => (name.startsWith('Wider') ? '6' : '4'))
  await expect(config.filter({ hasText: 'hidden sizes' }).locator('td')).toHaveText([
    'hidden sizes',
    ...hidden,
  ])
  await expect(view.getByTestId('compare-prediction')).toBeVisible()
  await expect(view.getByTestId('compare-notes')).toHaveCount(0)
  await app.screenshot('models-compare')
  await screenshotAt(app, 'models-compare', [
    view.getByTestId('compare-config'),
    view.getByTestId('compare-prediction'),
  ])

  // rename, notes, delete with confirmation, undo
  await page.getByTestId('models-tab-library').click()
  await rows.filter({ hasText: 'Ours' }).click()
  await page.getByTestId('model-name').fill('Ours, tiny')
  await page.getByTestId('model-notes').fill('two epochs')
  await page.getByTestId('model-save').click()
  await expect(rows.filter({ hasText: 'Ours, tiny' })).toHaveCount(1)
  await page.getByTestId('model-delete').click()
  await page.getByTestId('model-delete-confirm').click()
  await expect(rows).toHaveCount(2)
  await page.getByTestId('model-undo').click()
  await expect(rows).toHaveCount(3)
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
  await expect(rows).toHaveCount(4)
  await expect(page.getByTestId('models-notice')).toContainText('Imported model')

  // resume training for one more epoch: a new model continues the curves
  await rows.filter({ hasText: 'Ours, tiny' }).click()
  await expect(page.getByTestId('model-detail')).toContainText('and optimizer moments')
  await page.getByTestId('resume-epochs').fill('1')
  await page.getByTestId('model-resume').click()
  await expect(page.getByTestId('models-notice')).toContainText('finished: a new model was saved', {
    timeout: 60_000,
  })
  await expect(rows).toHaveCount(5)
  await expect(rows.filter({ hasText: 'Ours, tiny (+1 epochs)' }).locator('[data-col="epochs"]')).toHaveText(
    '3',
  )
})

test('forecasts a second household from a valid start in its own zone, picked, typed or clicked', async ({
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
  const from = panel.getByTestId('forecast-from')

  // the default: the latest start whose whole day ahead has actual values, in Brussels time (24 h):
  // March 2021 ends on the 31st, in summer time
  await expect(page.getByText('Start (Europe/Brussels time, 24 h)')).toBeVisible()
  await expect(from).toHaveValue('2021-03-31 00:00')
  const [model] = await app.call<{ modelId: number }[]>('model', 'list')
  const starts = await app.call<{ lastFullyObserved: number }>('model', 'forecastStarts', {
    modelId: model.modelId,
    datasetId: otherHome,
    horizon: 96,
  })
  expect(new Date(starts.lastFullyObserved).toISOString()).toBe('2021-03-30T22:00:00.000Z')

  // the picker offers valid starts only: the first day begins once the 16-slot input window is known
  await expect(panel.getByTestId('forecast-day').locator('option').first()).toHaveText('2021-03-01')
  await panel.getByTestId('forecast-day').selectOption('2021-03-01')
  await expect(from).toHaveValue('2021-03-01 04:00')
  await expect(panel.getByTestId('forecast-time').locator('option').first()).toHaveText('04:00')

  // a typed time off the 15-min grid is refused with the nearest valid start
  await from.fill('2021-03-20 11:07')
  await from.press('Enter')
  await expect(panel.getByTestId('forecast-from-problem')).toContainText(
    'No forecast can start at 2021-03-20 11:07',
  )
  await panel.getByTestId('forecast-from-nearest').click()
  await expect(from).toHaveValue('2021-03-20 11:00')
  // default: one day ahead, 96 steps of 15 min, recursive beyond the model's 2
  await expect(panel.getByTestId('forecast-horizon')).toHaveValue('96')
  await panel.getByTestId('forecast-run').click()
  await expect(panel.getByTestId('forecast-chart')).toBeVisible()
  await expect(panel.getByTestId('forecast-warnings')).toContainText(
    'trained on household CDB001; this is CDB002',
  )
  // 11:00 in Brussels in winter is 10:00 UTC
  await expect(panel.getByTestId('forecast-summary')).toContainText(
    'CDB002, 96 step(s) of 900 s from 2021-03-20 11:00 (Europe/Brussels time; 2021-03-20T10:00:00Z)',
  )
  const oneCall = panel.getByTestId('forecast-metrics-model-horizon')
  for (const row of ['LSTM', 'Persistence (last value)', 'Same time yesterday', 'Same time last week'])
    await expect(oneCall).toContainText(row)
  await expect(oneCall.locator('th').nth(1)).toHaveAttribute('title', /^Mean absolute error/)
  await expect(panel.getByTestId('forecast-metrics-recursive')).toContainText('Persistence (last value)')
  await expect(panel.getByTestId('forecast-skill').first()).toHaveAttribute(
    'title',
    /^Skill = 1 − MAE\(LSTM\) \/ MAE\((persistence \(last value\)|same time yesterday|same time last week)\)/,
  )
  await app.screenshot('models-forecast')

  const [csv] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('forecast-csv').click()])
  const csvPath = join(app.dataDir, 'forecast.csv')
  await csv.saveAs(csvPath)
  const lines = readFileSync(csvPath, 'utf8').trim().split('\n')
  // the model's conformal bands: a lower and an upper bound per level
  expect(lines[0]).toBe(
    'time_utc,predicted_w,actual_w,persistence_w,sameTimeYesterday_w,sameTimeLastWeek_w,' +
      'lower_50_w,upper_50_w,lower_80_w,upper_80_w,lower_95_w,upper_95_w',
  )
  expect(lines).toHaveLength(97)
  expect(lines[1]).toMatch(/^2021-03-20T10:00:00.000Z,-?\d/)

  const [png] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('forecast-png').click()])
  const pngPath = join(app.dataDir, 'forecast.png')
  await png.saveAs(pngPath)
  expect(readFileSync(pngPath).subarray(1, 4).toString()).toBe('PNG')

  // a click on the dataset's curve starts the forecast there (the nearest valid start), and so does
  // a click on the forecast chart
  for (const chart of ['forecast-start-chart', 'forecast-chart']) {
    const before = await from.inputValue()
    const box = (await panel.getByTestId(chart).boundingBox())!
    await panel.getByTestId(chart).click({ position: { x: box.width * 0.35, y: box.height * 0.6 } })
    await expect(from).not.toHaveValue(before)
    const picked = await from.inputValue()
    expect(picked).toMatch(/^2021-03-\d\d \d\d:(00|15|30|45)$/)
    await expect(panel.getByTestId('forecast-summary')).toContainText(`from ${picked} (Europe/Brussels time;`)
    await expect(page.getByTestId('models-error')).toHaveCount(0)
  }
})

test('forecasts with a TensorFlow.js model from the Models area', async ({ app }) => {
  test.setTimeout(120_000)
  const { page } = app
  const datasetId = await importFile(app, MAY_2022, 'CDB001')
  await trainModels(app, [{ datasetId, ...tiny, engine: 'tfjs', name: 'Keras-like' }])
  await page.getByTestId('nav-models').click()
  await page.getByTestId('model-row').first().click()
  await page.getByTestId('model-forecast').click()
  const panel = page.getByTestId('forecast-panel')
  await expect(panel.getByTestId('forecast-from')).toHaveValue('2022-05-31 00:00')
  await panel.getByTestId('forecast-run').click()
  await expect(panel.getByTestId('forecast-summary')).toContainText(
    'CDB001, 96 step(s) of 900 s from 2022-05-31 00:00 (Europe/Brussels time; 2022-05-30T22:00:00Z)',
  )
  await expect(page.getByTestId('models-error')).toHaveCount(0)
  // the figures are the TF.js model's own: the same as the backend computes
  const [model] = await app.call<{ modelId: number }[]>('model', 'list')
  const result = await app.call<{ modelHorizonMetrics: { mae: number } }>('model', 'forecast', {
    modelId: model.modelId,
    datasetId,
    from: '2022-05-30T22:00:00Z',
    horizon: 96,
  })
  await expect(
    panel.getByTestId('forecast-metrics-model-horizon').locator('tbody tr').first().locator('td').nth(1),
  ).toHaveText(result.modelHorizonMetrics.mae.toFixed(1))
})

test("a model's page: verdict against the baselines, loss curves, hyper-parameters, data lineage", async ({
  app,
}) => {
  test.setTimeout(120_000)
  const { page } = app
  const datasetId = await importFile(app, MAY_2022, 'CDB001')
  await trainModels(app, [{ datasetId, ...tiny, name: 'Page model' }])
  const [model] = await app.call<{ modelId: number }[]>('model', 'list')
  const described = await app.call<{
    dataset: { keptDays: string[]; removedDays: string[] }
    test: { bestBaseline: string; model: { mae: number } }
  }>('model', 'get', { modelId: model.modelId })
  await page.getByTestId('nav-models').click()
  await page.getByTestId('model-page-link').first().click()
  await expect(page).toHaveURL(new RegExp(`#/models/${model.modelId}$`))
  await expect(page.getByTestId('model-page-title')).toHaveText('Page model')
  await expect(page.getByTestId('model-page-facts')).toContainText(
    `Model ${model.modelId} · home model of CDB001 · scratch · 15min · window 16→2 · hidden 4`,
  )

  const verdict = page.getByTestId('model-page-verdict')
  const table = verdict.getByTestId('verdict-table').first()
  for (const row of ['LSTM', 'Persistence (last value)', 'Same time yesterday', 'Same time last week'])
    await expect(table).toContainText(row)
  await expect(table.locator('tbody tr').first().locator('td[data-col="mae"]')).toHaveText(
    described.test.model.mae.toFixed(1),
  )
  const names: Record<string, string> = {
    persistence: 'persistence (last value)',
    sameTimeYesterday: 'same time yesterday',
    sameTimeLastWeek: 'same time last week',
  }
  await expect(verdict.getByTestId('skill-badge').first()).toHaveAttribute(
    'title',
    `Skill = 1 − MAE(LSTM) / MAE(${names[described.test.bestBaseline]}), the best of the naive baselines on these windows. Above 0 the LSTM beats it (0.2: its error is 20 % smaller); 0 or below, a naive forecast does as well.`,
  )
  await expect(table.locator('th[title]')).toHaveCount(5)

  await expect(page.getByTestId('model-page-loss').getByTestId('loss-chart')).toContainText('2 epoch(s), MAE')
  const parameters = page.getByTestId('model-parameters')
  await expect(parameters.locator('[data-param="seqLen"] td')).toHaveText('16')
  await expect(parameters.locator('[data-param="hiddenSizes"] td')).toHaveText('4 (1 layer(s))')
  await expect(parameters.locator('[data-param="epochs"] td')).toHaveText('2')
  await expect(parameters.locator('[data-param="loss"] td')).toHaveText('mae (default)')
  await expect(parameters.locator('[data-param="seed"] td')).toHaveText('1 (default)')

  const lineage = page.getByTestId('model-lineage')
  const sha = createHash('sha256').update(readFileSync(MAY_2022)).digest('hex')
  await expect(lineage.getByTestId('lineage-files')).toContainText('CDB001_2022-05-01--2022-05-31_15min.csv')
  await expect(lineage.getByTestId('lineage-files')).toContainText(sha)
  await expect(lineage.getByTestId('lineage-kept')).toContainText(String(described.dataset.keptDays.length))
  await expect(lineage.getByTestId('lineage-removed')).toHaveText(
    new RegExp(`^${described.dataset.removedDays.length}`),
  )
  await screenshotAt(app, 'model-page', [page.getByTestId('model-parameters'), lineage])

  // from its page to a forecast with it
  await page.getByTestId('model-page-forecast').click()
  await expect(page.getByTestId('forecast-model')).toHaveValue(String(model.modelId))
  await expect(page.getByTestId('forecast-from')).toHaveValue('2022-05-31 00:00')
})
