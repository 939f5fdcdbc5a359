import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, fixturesDir, test, type VoisinApp } from './harness/app-fixture'

// Walk-forward backtests from the app (issue 13), on the real backend: a small hourly recipe on a
// five-month fixture household, folds of 7 kept days. Every figure on screen is checked against the
// backtest the backend stored.

interface Interval {
  level: number
  coverage: number
  meanWidth: number
  winkler: number
  n: number
}
interface Summary {
  folds: number
  skills: (number | null)[]
  skillMean: number | null
  skillStd: number | null
  wins: number
  dieboldMariano: { statistic: number; pValue: number; against: string } | null
  intervals: Interval[]
}
interface Detail {
  backtestId: number
  status: string
  foldsPlanned: number
  folds: { fold: number; test: { skill: number | null } }[]
  summary: Summary | null
}

/** As the app prints a skill: "+0.123", "−0.045". */
const skillText = (skill: number | null) =>
  skill === null ? '–' : `${skill >= 0 ? '+' : '−'}${Math.abs(skill).toFixed(3)}`

async function importHousehold(app: VoisinApp, home: string): Promise<number> {
  const dir = join(fixturesDir, 'months', home)
  await app.importFiles(
    readdirSync(dir)
      .filter((f) => f.endsWith('.csv'))
      .map((f) => join(dir, f)),
  )
  let datasetId = 0
  await expect
    .poll(
      async () => {
        const list = await app.call<{ home: string; datasetId: number }[]>('dataset', 'list')
        datasetId = list.find((d) => d.home === home)?.datasetId ?? 0
        return datasetId
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThan(0)
  return datasetId
}

async function fill(app: VoisinApp, testId: string, value: string) {
  const input = app.page.getByTestId(testId)
  await input.fill(value)
  await input.blur()
}

/** CDB008 in the Training form: hourly, 12 h in, 2 h out, 6 units (fast), then the Backtests tab. */
async function openBacktests(app: VoisinApp, epochs: number) {
  const { page } = app
  await importHousehold(app, 'CDB008')
  await page.getByTestId('nav-training').click()
  await page.getByTestId('preset-next-hour').click()
  await page.getByTestId('train-resolution').selectOption('1h')
  await fill(app, 'train-seq', '12')
  await fill(app, 'train-pred', '2')
  await fill(app, 'train-hidden', '6')
  await fill(app, 'train-epochs', String(epochs))
  await expect(page.getByTestId('train-check')).toContainText(
    /\d+ training, \d+ validation and \d+ test windows/,
  )
  await page.getByTestId('training-tab-backtests').click()
  await expect(page.getByTestId('backtest-form')).toBeVisible()
}

test('runs a walk-forward backtest from the Training area and shows the figures the backend stored', async ({
  app,
}) => {
  test.setTimeout(180_000)
  const { page } = app
  await openBacktests(app, 3)
  await fill(app, 'backtest-folds', '3')
  await fill(app, 'backtest-block-days', '7')
  await expect(page.getByTestId('backtest-blocker')).toHaveCount(0)
  await page.getByTestId('backtest-start').click()

  const result = page.getByTestId('backtest-result')
  await expect(result.getByTestId('backtest-status')).toHaveText('done', { timeout: 120_000 })
  const [listed] = await app.call<{ backtestId: number }[]>('backtest', 'list', {})
  const detail = await app.call<Detail>('backtest', 'get', { backtestId: listed.backtestId })
  const summary = detail.summary!
  expect(detail.folds).toHaveLength(3)

  // three folds, each with the skill the backend scored
  await expect(result.getByTestId('fold-state')).toHaveCount(3)
  await expect(result.locator('[data-testid="fold-state"][data-stage="done"]')).toHaveCount(3)
  await expect(result.getByTestId('fold-row')).toHaveCount(3)
  await expect(result.getByTestId('fold-skill')).toHaveText(detail.folds.map((f) => skillText(f.test.skill)))
  await expect(result.getByTestId('fold-skill-chart')).toHaveAttribute('data-folds', '3')

  // the summary: mean ± sd, folds won, the Diebold–Mariano test and its verdict in words
  await expect(result.getByTestId('backtest-skill-mean')).toHaveText(skillText(summary.skillMean))
  await expect(result.getByTestId('backtest-skill-sd')).toHaveText(summary.skillStd!.toFixed(3))
  await expect(result.getByTestId('backtest-wins')).toHaveText(`${summary.wins} of 3 folds won`)
  const dm = summary.dieboldMariano!
  const statistic = `${dm.statistic < 0 ? '−' : ''}${Math.abs(dm.statistic).toFixed(2)}`
  await expect(result.getByTestId('dm-statistic')).toHaveText(statistic)
  const p = dm.pValue >= 0.01 ? dm.pValue.toFixed(3) : null
  if (p) await expect(result.getByTestId('dm-pvalue')).toHaveText(p)
  await expect(result.getByTestId('dm-verdict')).toContainText(
    dm.pValue < 0.05 ? /^Significant at 5 %/ : /^Not significant at 5 %/,
  )
  await expect(result.getByTestId('dm-against')).toContainText(
    {
      persistence: 'persistence',
      sameTimeYesterday: 'same time yesterday',
      sameTimeLastWeek: 'same time last week',
    }[dm.against]!,
  )

  // coverage of each level, pooled over the folds, as percentages
  const intervals = result.getByTestId('intervals-table')
  for (const level of summary.intervals) {
    const row = intervals.getByTestId(`intervals-row-${Math.round(level.level * 100)}`)
    await expect(row.getByTestId('interval-coverage')).toHaveText(`${(level.coverage * 100).toFixed(1)} %`)
  }
  await expect(intervals.locator('tbody tr')).toHaveCount(summary.intervals.length)
  await expect(page.getByTestId('backtest-list').locator('tbody tr')).toHaveCount(1)
  await expect(page.getByTestId(`backtest-status-${detail.backtestId}`)).toHaveText('done')
  await app.screenshot('backtest-result', { full: true })

  // fold 2's predictions on demand, with the LSTM's bands: the chart's CSV carries each band's bounds
  await result.getByTestId('fold-predictions').nth(1).click()
  const chart = result.getByTestId('fold-predictions-chart')
  await expect(chart).toBeVisible()
  await expect(chart).toHaveAttribute('data-bands', '3')
  await expect(chart.locator('h3')).toContainText('Fold 2')
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    chart.getByTestId('chart-csv').click(),
  ])
  const lines = readFileSync((await download.path())!, 'utf8')
    .trimEnd()
    .split('\n')
  const header = lines[0].split(',')
  const lower = header.indexOf('LSTM 80 % lower (W)')
  const upper = header.indexOf('LSTM 80 % upper (W)')
  const predicted = header.indexOf('LSTM (W)')
  expect(lower).toBeGreaterThan(0)
  expect(upper).toBeGreaterThan(0)
  const rows = lines.slice(1).map((line) => line.split(',').map(Number))
  expect(rows.length).toBeGreaterThan(24)
  // a band: below the forecast under it, above it over it, wider than nothing somewhere
  expect(rows.every((r) => r[lower] <= r[predicted] && r[predicted] <= r[upper])).toBe(true)
  expect(rows.some((r) => r[upper] - r[lower] > 1)).toBe(true)
  await chart.scrollIntoViewIfNeeded()
  await app.screenshot('backtest-fold-predictions')
})

test('a cancelled backtest is marked cancelled and keeps the folds it finished', async ({ app }) => {
  test.setTimeout(240_000)
  const { page } = app
  // no early stopping: each fold trains all its epochs, so folds are still training when the cancel comes
  await openBacktests(app, 120)
  await page.getByTestId('train-early-stopping').uncheck()
  await fill(app, 'backtest-folds', '4')
  await page.getByTestId('backtest-start').click()

  // progress per fold and per epoch, with an ETA
  const live = page.getByTestId('backtest-live')
  await expect(live).toBeVisible()
  await expect(page.getByTestId('fold-epoch').first()).toContainText(/epoch \d+\/120/, { timeout: 60_000 })
  await expect(page.getByTestId('backtest-eta')).toContainText(/ETA \d/, { timeout: 30_000 })
  await expect(page.getByTestId('training-tab-backtests')).toContainText('running')
  await expect(page.getByTestId('backtest-folds-done')).toContainText(/^[1-3] of 4 folds done/, {
    timeout: 150_000,
  })
  // the folds done are in the table while the others train; the summary waits for the end
  await expect(page.getByTestId('fold-row').first()).toBeVisible()
  await expect(page.getByTestId('backtest-summary-pending')).toBeVisible()
  await app.screenshot('backtest-running')
  await page.getByTestId('backtest-cancel').click()

  const result = page.getByTestId('backtest-result')
  await expect(result.getByTestId('backtest-status')).toHaveText('cancelled', { timeout: 60_000 })
  await expect(live).toHaveCount(0)
  const [listed] = await app.call<{ backtestId: number }[]>('backtest', 'list', {})
  const detail = await app.call<Detail>('backtest', 'get', { backtestId: listed.backtestId })
  expect(detail.status).toBe('cancelled')
  const done = detail.folds.length
  expect(done).toBeGreaterThanOrEqual(1)
  expect(done).toBeLessThan(4)
  // the folds done are kept, with their skills; the others say they did not run
  await expect(result.locator('[data-testid="fold-state"][data-stage="done"]')).toHaveCount(done)
  await expect(result.locator('[data-testid="fold-state"][data-stage="not-run"]')).toHaveCount(4 - done)
  await expect(result.getByTestId('fold-skill')).toHaveText(detail.folds.map((f) => skillText(f.test.skill)))
  await expect(result.getByTestId('backtest-message')).toContainText(
    `Cancelled after ${done} of 4 folds; the folds done are kept.`,
  )
  await expect(result.getByTestId('backtest-skill-mean')).toHaveText(skillText(detail.summary!.skillMean))
  await expect(page.getByTestId(`backtest-status-${detail.backtestId}`)).toHaveText('cancelled')
  await app.screenshot('backtest-cancelled', { full: true })
})

test("a model's forecast shows its bands, and two models compare by backtest side by side", async ({
  app,
}) => {
  test.setTimeout(240_000)
  const { page } = app
  const datasetId = await importHousehold(app, 'CDB008')
  const recipe = { datasetId, resolution: '1h', seqLen: 12, predSize: 2, hiddenSizes: [6], epochs: 3 }
  for (const [name, hidden] of [
    ['Small', 4],
    ['Wider', 8],
  ] as const)
    await app.call('training', 'start', { ...recipe, hiddenSizes: [hidden], name })
  await expect
    .poll(async () => (await app.call<{ status: string }[]>('training', 'runs', {})).map((r) => r.status), {
      timeout: 90_000,
    })
    .toEqual(['done', 'done'])
  const models = await app.call<{ modelId: number; name: string }[]>('model', 'list', {})
  const small = models.find((m) => m.name === 'Small')!
  const wider = models.find((m) => m.name === 'Wider')!

  // the Small model's recipe is backtested from the Training area, the Wider one's through the same call
  await page.getByTestId('nav-training').click()
  await page.getByTestId('training-tab-backtests').click()
  await page.getByTestId('backtest-source').selectOption(String(small.modelId))
  await fill(app, 'backtest-folds', '2')
  await page.getByTestId('backtest-start').click()
  await expect(page.getByTestId('backtest-status')).toHaveText('done', { timeout: 120_000 })
  await app.call('backtest', 'start', { modelId: wider.modelId, options: { folds: 2, blockDays: 7 } })
  await expect
    .poll(async () => (await app.call<{ status: string }[]>('backtest', 'list', {})).map((b) => b.status), {
      timeout: 120_000,
    })
    .toEqual(['done', 'done'])
  const listed = await app.call<{ backtestId: number; modelId: number }[]>('backtest', 'list', {})
  const details = await Promise.all(
    [small, wider].map((m) =>
      app.call<Detail>('backtest', 'get', {
        backtestId: listed.find((b) => b.modelId === m.modelId)!.backtestId,
      }),
    ),
  )

  // the forecast panel draws the model's conformal bands and its CSV carries their bounds
  await page.getByTestId('nav-models').click()
  await page.getByTestId('models-tab-forecast').click()
  const panel = page.getByTestId('forecast-panel')
  await panel.getByTestId('forecast-model').selectOption(String(small.modelId))
  await expect(panel.getByTestId('forecast-run')).toBeEnabled({ timeout: 30_000 })
  await panel.getByTestId('forecast-run').click()
  await expect(panel.getByTestId('forecast-chart')).toHaveAttribute('data-bands', '0.5 0.8 0.95')
  await expect(panel.getByTestId('forecast-band-levels')).toHaveText('(50 %, 80 %, 95 %)')
  const [csv] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('forecast-csv').click()])
  const lines = readFileSync((await csv.path())!, 'utf8')
    .trimEnd()
    .split('\n')
  expect(lines[0]).toBe(
    'time_utc,predicted_w,actual_w,persistence_w,sameTimeYesterday_w,sameTimeLastWeek_w,' +
      'lower_50_w,upper_50_w,lower_80_w,upper_80_w,lower_95_w,upper_95_w',
  )
  for (const line of lines.slice(1)) {
    const cells = line.split(',')
    const [predicted, low95, high95] = [cells[1], cells[10], cells[11]].map(Number)
    expect(low95).toBeLessThanOrEqual(predicted)
    expect(high95).toBeGreaterThanOrEqual(predicted)
  }
  await panel.getByTestId('forecast-chart').scrollIntoViewIfNeeded()
  await app.screenshot('models-forecast-bands')

  // compare by backtest: both models' figures side by side, as the backend stored them
  await page.getByTestId('models-tab-compare').click()
  const picker = page.getByTestId('backtest-picker')
  await expect(picker.getByTestId('backtest-picker-row')).toHaveCount(2)
  await expect(page.getByTestId('compare-by-backtest')).toBeDisabled()
  for (const k of [0, 1]) await picker.getByTestId('backtest-picker-select').nth(k).check()
  await page.getByTestId('compare-by-backtest').click()
  const section = page.getByTestId('compare-backtests')
  await expect(section).toBeVisible()
  const names = await section.locator('thead').first().locator('th').allInnerTexts()
  const order = names.slice(1).map((n) => (n.startsWith('Small') ? 0 : 1))
  const inOrder = order.map((k) => details[k])
  const spread = (s: Summary) => `${skillText(s.skillMean)} ± ${s.skillStd!.toFixed(3)}`
  await expect(
    section.getByTestId('compare-backtest-skill').getByTestId('compare-backtest-value'),
  ).toHaveText(inOrder.map((d) => spread(d.summary!)))
  await expect(section.getByTestId('compare-backtest-wins').getByTestId('compare-backtest-value')).toHaveText(
    inOrder.map((d) => `${d.summary!.wins} of 2`),
  )
  await expect(section.getByTestId('compare-backtest-dm').getByTestId('compare-backtest-value')).toHaveText(
    inOrder.map(
      (d) => new RegExp(`^${d.summary!.dieboldMariano!.statistic < 0 ? '−' : ''}\\d+\\.\\d\\d, p = `),
    ),
  )
  // the same two test blocks for both (same dataset, same options): a row per fold, a skill per model
  const folds = section.getByTestId('compare-backtest-fold')
  await expect(folds).toHaveCount(2)
  for (const f of [0, 1])
    await expect(folds.nth(f).getByTestId('compare-fold-skill')).toHaveText(
      inOrder.map((d) => skillText(d.folds[f].test.skill)),
    )
  await section.scrollIntoViewIfNeeded()
  await app.screenshot('models-compare-by-backtest')

  // the Small model's page lists the backtest of its recipe and opens it in the Training area
  await page.getByTestId('models-tab-library').click()
  await page.getByTestId('model-row').filter({ hasText: 'Small' }).getByTestId('model-page-link').click()
  await expect(page).toHaveURL(new RegExp(`#/models/${small.modelId}$`))
  const backtestsCard = page.getByTestId('model-page-backtests')
  await expect(backtestsCard.locator('tbody tr')).toHaveCount(1)
  await expect(backtestsCard.locator('tbody tr')).toContainText(spread(details[0].summary!))
  await backtestsCard.locator('tbody tr').click()
  await expect(page.getByTestId('backtest-result')).toHaveAttribute(
    'data-backtest-id',
    String(details[0].backtestId),
  )
  // and the Wider model's page starts a backtest of its recipe there
  await page.getByTestId('nav-models').click()
  await page.getByTestId('models-tab-library').click()
  await page.getByTestId('model-row').filter({ hasText: 'Wider' }).getByTestId('model-page-link').click()
  await page.getByTestId('model-page-backtest').click()
  await expect(page.getByTestId('backtest-source')).toHaveValue(String(wider.modelId))
  await expect(page.getByTestId('backtest-start')).toBeEnabled()
})
