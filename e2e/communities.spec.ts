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
  await expect(page.getByTestId('series-resolution')).toHaveText('96 readings')
})
