import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, fixturesDir, test, type VoisinApp } from './harness/app-fixture'

/** Imports a fixture household through the app's own API and waits until it is listed. */
async function importHousehold(app: VoisinApp, home: string): Promise<void> {
  const dir = join(fixturesDir, 'months', home)
  const paths = readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .map((f) => join(dir, f))
  await app.importFiles(paths)
  await expect
    .poll(async () => (await app.call<{ home: string }[]>('dataset', 'list')).map((d) => d.home), {
      timeout: 30_000,
    })
    .toContain(home)
}

async function fill(app: VoisinApp, testId: string, value: string) {
  const input = app.page.getByTestId(testId)
  await input.fill(value)
  await input.blur()
}

/** Imports CDB008, opens Training and sets a small hourly "next hour" model (fast on any machine). */
async function openSmallTraining(app: VoisinApp, epochs: number) {
  await importHousehold(app, 'CDB008')
  await app.page.getByTestId('nav-training').click()
  await app.page.getByTestId('preset-next-hour').click()
  await app.page.getByTestId('train-resolution').selectOption('1h')
  await fill(app, 'train-seq', '12')
  await fill(app, 'train-pred', '2')
  await fill(app, 'train-hidden', '6')
  await fill(app, 'train-epochs', String(epochs))
  await expect(app.page.getByTestId('train-check')).toContainText(
    /\d+ training, \d+ validation and \d+ test windows/,
  )
}

test('trains a small model from the UI, shows the live curve, then the verdict against the baselines', async ({
  app,
}) => {
  const { page } = app
  await openSmallTraining(app, 4)
  // the scratch engine's options: float32 and auto threads by default; two threads asked for here
  await expect(page.getByTestId('train-precision')).toHaveValue('float32')
  await expect(page.getByTestId('train-threads')).toHaveValue('auto')
  await page.getByTestId('train-threads').selectOption('2')
  await page.getByTestId('train-start').click()

  await expect(page.getByTestId('training-live')).toBeVisible()
  await expect(page.getByTestId('loss-chart')).toBeVisible()
  await expect(page.getByTestId('loss-chart')).toContainText(/[1-4] epoch\(s\)/)
  const result = page.getByTestId('training-result')
  await expect(result).toBeVisible({ timeout: 60_000 })
  const table = result.getByTestId('verdict-table').first()
  for (const row of ['LSTM', 'Persistence (last value)', 'Same time yesterday', 'Same time last week']) {
    await expect(table).toContainText(row)
  }
  await expect(result.getByTestId('skill-badge').first()).toContainText(/skill [+-]\d\.\d{3}/)
  await expect(result.getByTestId('result-engine-options')).toHaveText('· float32, 2 threads')
  // the badge says which baseline the skill compares against; the headers explain each metric
  await expect(result.getByTestId('skill-badge').first()).toHaveAttribute(
    'title',
    /^Skill = 1 − MAE\(LSTM\) \/ MAE\((persistence \(last value\)|same time yesterday|same time last week)\), the best of the naive baselines/,
  )
  await expect(table.locator('th').nth(1)).toHaveAttribute('title', /^Mean absolute error/)
  // the header and the table count the same test windows, and say why some were not scored
  const [run] = await app.call<{ runId: number }[]>('training', 'runs')
  const { outcome } = await app.call<{ outcome: { testWindows: number } }>('training', 'run', {
    runId: run.runId,
  })
  const scored = (await result.getByTestId('verdict-windows').first().innerText()).match(
    /^(all [\d,]+ test windows scored|[\d,]+ of [\d,]+ test windows scored \([\d,]+ left out: a baseline lacked the history it needs\))/,
  )![1]
  expect(scored).toContain(`${outcome.testWindows.toLocaleString('en')} test windows scored`)
  await expect(result.getByTestId('training-windows')).toContainText(scored)
  await expect(page.getByTestId('run-list')).toContainText('done')
  await app.screenshot('training-result')
  // the loss curves save their data like every chart
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('loss-chart').getByTestId('chart-csv').click(),
  ])
  const lines = readFileSync((await csv.path())!, 'utf8')
    .trimEnd()
    .split('\n')
  expect(lines[0]).toBe('epoch,training loss,validation loss')
  expect(lines.length - 1).toBeGreaterThanOrEqual(1)
  expect(lines.length - 1).toBeLessThanOrEqual(4)

  // prediction intervals on the test days: coverage per level as the backend scored it, and a fan
  // chart whose CSV carries each band's bounds
  const { outcome: judged } = await app.call<{
    outcome: { test: { intervals: { level: number; coverage: number }[] } }
  }>('training', 'run', { runId: run.runId })
  const intervals = result.getByTestId('intervals-table').first()
  expect(judged.test.intervals.map((i) => i.level)).toEqual([0.5, 0.8, 0.95])
  for (const level of judged.test.intervals)
    await expect(
      intervals
        .getByTestId(`intervals-row-${Math.round(level.level * 100)}`)
        .getByTestId('interval-coverage'),
    ).toHaveText(`${(level.coverage * 100).toFixed(1)} %`)
  const prediction = result.getByTestId('prediction-chart')
  await expect(prediction.locator('h3')).toContainText("with the LSTM's bands")
  const [bands] = await Promise.all([
    page.waitForEvent('download'),
    prediction.getByTestId('chart-csv').click(),
  ])
  const rows = readFileSync((await bands.path())!, 'utf8')
    .trimEnd()
    .split('\n')
  const header = rows[0].split(',')
  for (const level of ['50', '80', '95'])
    for (const bound of ['lower', 'upper']) expect(header).toContain(`LSTM ${level} % ${bound} (W)`)
  const [low, next, high] = ['LSTM 95 % lower (W)', 'LSTM (next step) (W)', 'LSTM 95 % upper (W)'].map((c) =>
    header.indexOf(c),
  )
  expect(next).toBeGreaterThan(0)
  for (const row of rows.slice(1, 50)) {
    const cells = row.split(',').map(Number)
    expect(cells[low]).toBeLessThanOrEqual(cells[next])
    expect(cells[high]).toBeGreaterThanOrEqual(cells[next])
  }
})

test('a cancelled training is kept as cancelled', async ({ app }) => {
  const { page } = app
  await openSmallTraining(app, 500)
  // without early stopping the run goes on until the cancel (it could otherwise end by itself first)
  await page.getByTestId('train-early-stopping').uncheck()
  await page.getByTestId('train-start').click()
  await expect(page.getByTestId('train-epoch')).toContainText(/Epoch ([2-9]|\d\d)\//, { timeout: 30_000 })
  await page.getByTestId('train-cancel').click()
  await expect(page.getByTestId('run-list')).toContainText('cancelled', { timeout: 30_000 })
  await expect(page.getByTestId('train-cancel')).toHaveCount(0)
})

test('an impossible window is explained before starting', async ({ app }) => {
  const { page } = app
  await importHousehold(app, 'CDB008')
  await page.getByTestId('nav-training').click()
  await fill(app, 'train-seq', '20000')
  await expect(page.getByTestId('train-check')).toContainText(/consecutive readings|at most 10000/)
  await expect(page.getByTestId('train-start')).toBeDisabled()
})

test('a huge network and a wild learning rate are warned about before starting; a diverged run says so', async ({
  app,
}) => {
  const { page } = app
  await openSmallTraining(app, 3)
  const estimate = page.getByTestId('train-estimate')
  await expect(estimate).toContainText(
    /About \d+ MB of memory, (under 1 s|\d+ s) per epoch \(\d{3} parameters\)/,
  )
  await expect(page.getByTestId('train-warnings')).toHaveCount(0)

  await fill(app, 'train-layers', '4')
  await fill(app, 'train-hidden', '1024')
  await expect(estimate).toContainText(
    /About [\d.]+ GB of memory, .* per epoch \(29,\d{3},\d{3} parameters\)/,
  )
  const warnings = page.getByTestId('train-warnings')
  await expect(warnings).toContainText(
    /This run needs about [\d.]+ GB of memory \(network 4 × 1024\/1024\/1024\/1024/,
  )
  await expect(warnings).toContainText(/has 29,\d{3},\d{3} parameters/)
  await expect(page.getByTestId('train-start')).toBeEnabled() // heavy, not impossible

  await fill(app, 'train-layers', '1')
  await fill(app, 'train-hidden', '6')
  await fill(app, 'train-lr', '10')
  await expect(warnings).toContainText('The learning rate 10 is unusually high for Adam (above 0.1')
  await expect(warnings.locator('li')).toHaveCount(1)
  await page.getByTestId('train-start').click()
  const result = page.getByTestId('training-result')
  await expect(result).toBeVisible({ timeout: 60_000 })
  await expect(result.getByTestId('training-warning')).toContainText(
    /The training loss diverged: it rose to [\d.]+ at epoch \d, \d+× where it started/,
  )
  await result.getByTestId('training-warning').scrollIntoViewIfNeeded()
  await app.screenshot('training-diverged')
})
