import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, fixturesDir, test } from './harness/app-fixture'
import { writeBigExport } from './harness/big-file'

// Worker jobs through the UI, with the import job: progress, result, cancel, failure.

test('imports a real export in the background and shows the result', async ({ app }) => {
  const { page } = app
  await app.queueOpenFiles([join(fixturesDir, '8s/CDB001.csv')])
  await page.getByTestId('import-files').click()
  await expect(page.getByTestId('dataset-detail')).toBeVisible()
  // CDB001.csv: 17 496 readings over two local days, 3 780 of them with an empty p_cons
  await expect(page.getByTestId('dataset-rows')).toContainText('17,496 read')
  await expect(page.getByTestId('dataset-interval')).toContainText('8 s')
  await expect(page.getByTestId('calendar-day')).toHaveCount(2)
  await expect(page.getByTestId('status-bar')).toContainText('finished')
  await expect(page.getByTestId('datasets-notice')).toHaveCount(0)
  await app.screenshot('import-result')

  // the same file again: the library already has it, so nothing is added and the person is told
  await app.queueOpenFiles([join(fixturesDir, '8s/CDB001.csv')])
  await page.getByTestId('import-files').click()
  await expect(page.getByTestId('datasets-notice')).toHaveText(
    'Already in the library, nothing was added: dataset 1 “CDB001.csv” (CDB001).',
  )
  await expect(page.getByTestId('dataset-item')).toHaveCount(1)
  await expect(page.getByTestId('dataset-title')).toContainText('CDB001')
  await app.screenshot('import-already-in-library')
})

test('a long import shows progress and can be cancelled, leaving the library unchanged', async ({ app }) => {
  const { page } = app
  const dir = mkdtempSync(join(tmpdir(), 'vf-big-'))
  try {
    const file = join(dir, 'SYN001_big.csv')
    await writeBigExport(file, 250)
    await app.queueOpenFiles([file])
    await page.getByTestId('import-files').click()
    await expect(page.getByTestId('import-progress')).toBeVisible()
    await expect(page.getByTestId('status-job')).toContainText('Import SYN001_big.csv')
    await expect(page.getByTestId('import-message')).toContainText('rows')
    await page.getByTestId('import-cancel').click()
    await expect(page.getByTestId('import-cancelled')).toBeVisible()
    await expect(page.getByTestId('status-job')).toHaveCount(0)
    await expect(page.getByTestId('status-bar')).toContainText('cancelled')
    expect(await app.call<unknown[]>('dataset', 'list')).toEqual([])
    await expect(page.getByTestId('first-run')).toBeVisible()
    // The app stays usable: the next job runs normally.
    await app.queueOpenFiles([join(fixturesDir, '15min/CDB005_15min.csv')])
    await page.getByTestId('import-files').click()
    await expect(page.getByTestId('dataset-item')).toHaveCount(1)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('bad input is reported with file and line, and nothing is imported', async ({ app }) => {
  const { page } = app
  await app.queueOpenFiles([join(fixturesDir, 'invalid/data_cabine_basse_tension.csv')])
  await page.getByTestId('import-files').click()
  await expect(page.getByTestId('datasets-error')).toContainText(
    "data_cabine_basse_tension.csv, line 1: not a Voisin d'Énergie CSV export",
  )
  await app.queueOpenFiles([join(fixturesDir, 'does-not-exist.csv')])
  await page.getByTestId('import-files').click()
  await expect(page.getByTestId('datasets-error')).toContainText('no such file')
  expect(await app.call<unknown[]>('dataset', 'list')).toEqual([])
})
