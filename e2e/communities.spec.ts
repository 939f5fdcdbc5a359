import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, fixturesDir, test, type VoisinApp } from './harness/app-fixture'

const communityFolder = join(fixturesDir, 'community')

/** A screenshot of the whole area: the content pane scrolls, so the window is made tall enough for it. */
async function screenshotWhole(app: VoisinApp, name: string) {
  const before = app.page.viewportSize()
  const height = await app.page.evaluate(
    () =>
      (
        globalThis as unknown as { document: { querySelector(s: string): { scrollHeight: number } | null } }
      ).document.querySelector('.content')?.scrollHeight ?? 800,
  )
  await app.page.setViewportSize({ width: 1400, height: Math.min(height + 60, 6000) })
  await app.screenshot(name)
  if (before) await app.page.setViewportSize(before)
}

/** Imports the two-community test folder through the folder dialog, as a person would. */
async function importCommunityFolder(app: VoisinApp) {
  const { page } = app
  await app.queueOpenFiles([communityFolder], { folders: true })
  await page.getByTestId('import-folder').click()
  await expect(page.getByTestId('import-summary')).toBeVisible({ timeout: 60_000 })
}

test('a community folder: summary, heat map, a day opened from it, the total and who it leaves out', async ({
  app,
}) => {
  const { page } = app
  await importCommunityFolder(app)
  const summary = page.getByTestId('import-summary')
  // 12 exports (PROVENANCE.md is not one) of 6 households, May and June 2022, in CDB and ECHL
  await expect(summary.getByTestId('summary-files')).toHaveText('12 files found')
  await expect(summary.getByTestId('summary-imported')).toHaveText('12 imported')
  await expect(summary.getByTestId('summary-homes')).toHaveText('6 homes')
  await expect(summary.getByTestId('summary-months')).toHaveText('2 months with readings')
  await expect(summary.getByTestId('summary-communities')).toHaveText('2 communities (CDB, ECHL)')
  await expect(summary.getByTestId('import-refused-none')).toBeVisible()
  await expect(page.getByTestId('dataset-item')).toHaveCount(6)
  await app.screenshot('community-import-summary')

  await page.getByTestId('nav-communities').click()
  await expect(page.getByRole('heading', { level: 1, name: 'Communities' })).toBeVisible()
  await expect(page.getByTestId('community-item')).toHaveCount(2)
  await expect(page.getByTestId('community-title')).toHaveText('CDB')
  // 4 homes × 61 days (1 May – 30 June)
  const matrix = page.getByTestId('community-matrix')
  await expect(matrix.getByTestId('matrix-cell')).toHaveCount(4 * 61)
  await expect(matrix.locator('[data-testid="matrix-cell"][data-home="CDB002"]')).toHaveCount(61)
  await expect(page.getByTestId('community-self-sufficiency')).toHaveText(/^\d+\.\d %$/)
  await expect(page.getByTestId('community-self-consumption')).toHaveText(/^\d+\.\d %$/)
  await expect(page.getByTestId('community-chart')).toBeVisible()
  await expect(page.getByTestId('community-home-row')).toHaveCount(4)
  await screenshotWhole(app, 'communities')

  // the total: CDB059 has readings in under half of the slots and is left out, with why
  await page.getByTestId('build-total').click()
  const total = page.getByTestId('community-total')
  await expect(total.getByTestId('total-dataset')).toContainText(/Built: dataset \d+ \(CDB-total\)/)
  await expect(total.getByTestId('total-included')).toContainText(
    'Includes 3 of 4 homes (CDB001, CDB002, CDB034)',
  )
  const leftOut = total.getByTestId('total-left-out').locator('li')
  await expect(leftOut).toHaveCount(1)
  await expect(leftOut).toContainText(
    /CDB059 left out: readings in \d+ % of the slots; with it the total would be complete in \d+ % of the slots, without it in \d+ %/,
  )
  await expect(
    page.locator('[data-testid="community-home-row"][data-home="CDB059"] [data-col="included"]'),
  ).toContainText('left out: readings in')
  await screenshotWhole(app, 'community-total')

  // a cell of the heat map opens that home's day in Datasets, the chart on that day only
  await page.locator('[data-testid="matrix-cell"][data-home="CDB002"][data-day="2022-05-17"]').click()
  await expect(page.getByRole('heading', { level: 1, name: 'Datasets' })).toBeVisible()
  await expect(page.getByTestId('dataset-title')).toContainText('CDB002')
  await expect(page.getByTestId('datasets-notice')).toContainText(
    'Showing CDB002 on 2022-05-17 (00:00 to 24:00, Europe/Brussels)',
  )
  // one local day of 15-minute readings: 96 of them, drawn as they are
  await expect(page.getByTestId('series-resolution')).toHaveText('96 readings shown')
})

test('a folder with a file that cannot be read: the others are imported, the summary says which and why', async ({
  app,
}) => {
  const { page } = app
  const folder = mkdtempSync(join(tmpdir(), 'vf-e2e-folder-'))
  try {
    mkdirSync(join(folder, 'ECHL'))
    for (const month of ['05', '06'])
      copyFileSync(
        join(communityFolder, 'ECHL', `ECHL05_2022_${month}_15min.csv`),
        join(folder, 'ECHL', `ECHL05_2022_${month}_15min.csv`),
      )
    copyFileSync(join(fixturesDir, 'invalid', 'data_cabine_basse_tension.csv'), join(folder, 'cabine.csv'))
    await app.queueOpenFiles([folder], { folders: true })
    await page.getByTestId('import-folder').click()
    const summary = page.getByTestId('import-summary')
    await expect(summary.getByTestId('summary-files')).toHaveText('3 files found', { timeout: 60_000 })
    await expect(summary.getByTestId('summary-imported')).toHaveText('2 imported')
    await expect(summary.getByTestId('summary-homes')).toHaveText('1 home')
    await expect(summary.getByTestId('summary-communities')).toHaveText('1 community (ECHL)')
    const refused = summary.getByTestId('import-refused').locator('li')
    await expect(refused).toHaveCount(1)
    await expect(refused).toContainText(
      "cabine.csv: cabine.csv, line 1: not a Voisin d'Énergie CSV export: the header has no timestamp column",
    )
    await expect(page.getByTestId('dataset-item')).toHaveCount(1)
    await expect(page.getByTestId('datasets-error')).toHaveCount(0)
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
})

async function fill(app: VoisinApp, testId: string, value: string) {
  const input = app.page.getByTestId(testId)
  await input.fill(value)
  await input.blur()
}

/** Community mode of the Training area with a tiny hourly model (fast on any machine). */
async function openCommunityTraining(app: VoisinApp, epochs: number) {
  const { page } = app
  await page.getByTestId('nav-training').click()
  await page.getByTestId('train-mode-community').click()
  await expect(page.getByTestId('train-community')).toHaveValue(/\d+/)
  await expect(page.getByTestId('train-community').locator('option:checked')).toHaveText('CDB (4 homes)')
  await page.getByTestId('train-target-homes').check()
  await page.getByTestId('train-resolution').selectOption('1h')
  await fill(app, 'train-seq', '12')
  await fill(app, 'train-pred', '2')
  await fill(app, 'train-hidden', '6')
  await fill(app, 'train-epochs', String(epochs))
  await expect(page.getByTestId('train-check-community')).toHaveText(
    '4 homes: each is checked when the run starts.',
  )
}

interface RunOutcome {
  runId: number
  modelId: number
  wins: number
  scoredHomes: number
  homes: { home: string; test: { skill: number | null } }[]
}

test('a tiny global model trained from the UI: per-home verdicts, zero-shot on an ECHL home, side by side', async ({
  app,
}) => {
  test.setTimeout(240_000)
  const { page } = app
  await importCommunityFolder(app)
  await openCommunityTraining(app, 1)
  await page.getByTestId('train-start').click()
  const result = page.getByTestId('training-result')
  await expect(result).toBeVisible({ timeout: 120_000 })

  // the table and the wins are the run's own outcome
  const [run] = await app.call<{ runId: number; datasetId: number | null; status: string }[]>(
    'training',
    'runs',
  )
  expect(run).toMatchObject({ datasetId: null, status: 'done' })
  const { outcome } = await app.call<{ outcome: RunOutcome }>('training', 'run', { runId: run.runId })
  const verdict = result.getByTestId('global-verdict')
  const rows = verdict.getByTestId('home-verdicts').getByTestId('home-verdict-row')
  await expect(rows).toHaveCount(outcome.homes.length)
  await expect(rows.locator('[data-col="label"]')).toHaveText(outcome.homes.map((h) => h.home))
  const won = outcome.homes.filter((h) => h.test.skill !== null && h.test.skill > 0).length
  expect(won).toBe(outcome.wins)
  await expect(rows.locator('[data-col="won"]', { hasText: /^yes$/ })).toHaveCount(outcome.wins)
  await expect(verdict.getByTestId('global-wins')).toHaveText(
    `Beats its best baseline on ${outcome.wins} of ${outcome.scoredHomes} homes`,
  )
  await expect(verdict.getByTestId('global-total')).toContainText(
    'The community total: the sum of the per-home forecasts',
  )
  await expect(verdict.getByTestId('global-total-bias')).toHaveText(/^[+−]\d+\.\d W$/)
  await expect(page.getByTestId(`run-status-${run.runId}`)).toHaveText('done')
  await expect(page.getByTestId('run-list')).toContainText('global')
  await screenshotWhole(app, 'community-global-training')

  // the Models area: which homes the global model was trained on, then zero-shot on ECHL05
  await page.getByTestId('nav-models').click()
  await page.locator(`[data-testid="model-row"][data-model-id="${outcome.modelId}"]`).click()
  const facts = page.getByTestId('global-model')
  await expect(facts.getByTestId('global-model-community')).toHaveText('CDB')
  // re-run and resume need one dataset: a global model offers fine-tuning instead
  await expect(page.getByTestId('model-rerun')).toHaveCount(0)
  await expect(page.getByTestId('model-resume')).toHaveCount(0)
  await expect(facts.getByTestId('global-model-homes')).toContainText(
    /Trained on 4 homes: CDB001 .*CDB002 .*CDB034 .*CDB059/,
  )
  await expect(facts.getByTestId('home-verdict-row')).toHaveCount(outcome.homes.length)
  const datasets = await app.call<{ datasetId: number; home: string }[]>('dataset', 'list')
  const echl05 = datasets.find((d) => d.home === 'ECHL05')!
  await page.getByTestId('evaluate-dataset').selectOption(String(echl05.datasetId))
  await page.getByTestId('evaluate-run').click()
  const evaluation = page.getByTestId('evaluation-result')
  await expect(evaluation.getByTestId('evaluation-mode')).toContainText(
    'Zero-shot on ECHL05: a home this model never trained on',
  )
  const scored = await app.call<{ test: { skill: number | null } }>('model', 'evaluate', {
    modelId: outcome.modelId,
    datasetId: echl05.datasetId,
  })
  const skill = scored.test.skill
  await expect(evaluation.locator('[data-col="skill"]')).toHaveText(
    skill === null ? '–' : `${skill >= 0 ? '+' : '−'}${Math.abs(skill).toFixed(3)}`,
  )
  await screenshotWhole(app, 'community-global-model')

  // fine-tuned on ECHL05 (one epoch), followed in Training
  await fill(app, 'finetune-epochs', '1')
  await page.getByTestId('finetune-dataset').selectOption(String(echl05.datasetId))
  await page.getByTestId('finetune-run').click()
  await expect(page.getByRole('heading', { level: 1, name: 'Training' })).toBeVisible()
  await expect(page.getByTestId('training-init-from')).toContainText(
    `fine-tuned from model ${outcome.modelId}`,
    {
      timeout: 120_000,
    },
  )

  // ECHL05's own model: the same settings from scratch (the form keeps the fine-tuning's)
  await page.getByTestId('train-init-from').getByRole('button', { name: 'Start from scratch' }).click()
  await expect(page.getByTestId('train-init-from')).toHaveCount(0)
  await expect(page.getByTestId('train-check')).toContainText(
    /\d+ training, \d+ validation and \d+ test windows/,
  )
  await page.getByTestId('train-start').click()
  await expect(page.getByTestId('training-result')).toBeVisible({ timeout: 120_000 })
  await expect(page.getByTestId('training-init-from')).toHaveCount(0)

  // side by side on ECHL05: its own model, the global model zero-shot, the fine-tuned one
  await page.getByTestId('nav-models').click()
  await page.getByTestId('models-tab-home').click()
  await page.getByTestId('home-compare-dataset').selectOption(String(echl05.datasetId))
  await page.getByTestId('home-compare-run').click()
  const compared = page.getByTestId('home-compare').getByTestId('home-verdict-row')
  await expect(compared).toHaveCount(3)
  // the library lists the newest model first: its own, the fine-tuned one, then the global one
  await expect(compared.locator('[data-col="note"]')).toHaveText([
    /^home model of ECHL05 · its own split, \d+ test days$/,
    new RegExp(`^fine-tuned from global model ${outcome.modelId} · its own split, \\d+ test days$`),
    /^global model \(4 homes of CDB\) · zero-shot, \d+ test days$/,
  ])
  await screenshotWhole(app, 'community-compare-on-home')

  // the global model's page: each home's verdict, and the homes its data came from
  await page.getByTestId('models-tab-library').click()
  await page
    .locator(`[data-testid="model-row"][data-model-id="${outcome.modelId}"] [data-testid="model-page-link"]`)
    .click()
  await expect(page.getByTestId('model-page-facts')).toContainText('global model (4 homes of CDB)')
  await expect(
    page.getByTestId('model-page-verdict').getByTestId('home-verdicts').getByTestId('home-verdict-row'),
  ).toHaveCount(outcome.homes.length)
  const homes = page.getByTestId('model-lineage').getByTestId('lineage-home')
  await expect(homes).toHaveCount(4)
  await expect(homes.first()).toContainText(/CDB001 · dataset \d+/)
  await expect(homes.first()).toContainText(/[0-9a-f]{64}/)
  await expect(page.getByTestId('model-parameters').locator('[data-param="datasetIds"]')).toHaveCount(1)
})

test('a global training can be cancelled from the UI', async ({ app }) => {
  test.setTimeout(180_000)
  const { page } = app
  await importCommunityFolder(app)
  await openCommunityTraining(app, 500)
  // without early stopping the run goes on until the cancel
  await page.getByTestId('train-early-stopping').uncheck()
  await page.getByTestId('train-start').click()
  await expect(page.getByTestId('train-epoch')).toContainText(/Epoch ([2-9]|\d\d)\/500/, { timeout: 60_000 })
  await page.getByTestId('train-cancel').click()
  const [run] = await app.call<{ runId: number }[]>('training', 'runs')
  await expect(page.getByTestId(`run-status-${run.runId}`)).toHaveText('cancelled', { timeout: 30_000 })
  await expect(page.getByTestId('train-cancel')).toHaveCount(0)
})
