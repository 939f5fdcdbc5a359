import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, fixturesDir, test } from './harness/app-fixture'
import { writeBigExport } from './harness/big-file'

test('analyses a real export in the background and shows the result', async ({ app }) => {
  const { page } = app
  await app.queueOpenFiles([join(fixturesDir, '8s/CDB001.csv')])
  await page.getByTestId('analyse-file').click()
  const result = page.getByTestId('analyse-result')
  await expect(result).toBeVisible()
  // CDB001.csv: header + 17 496 readings, 3 780 of them with an empty p_cons
  await expect(page.getByTestId('analyse-rows')).toHaveText('17,496')
  await expect(page.getByTestId('analyse-columns')).toContainText('p_cons')
  await expect(page.getByTestId('analyse-columns')).toContainText('3,780')
  await expect(page.getByTestId('status-bar')).toContainText('finished')
  await app.screenshot('analyse-result')
})

test('a long analysis shows progress and can be cancelled cleanly', async ({ app }) => {
  const { page } = app
  const dir = mkdtempSync(join(tmpdir(), 'vf-big-'))
  try {
    const file = join(dir, 'SYN001_big.csv')
    await writeBigExport(file, 250)
    await app.queueOpenFiles([file])
    await page.getByTestId('analyse-file').click()
    await expect(page.getByTestId('analyse-progress')).toBeVisible()
    await expect(page.getByTestId('status-job')).toContainText('Analyse SYN001_big.csv')
    await expect(page.getByTestId('analyse-message')).toContainText('rows read')
    await page.getByTestId('analyse-cancel').click()
    await expect(page.getByTestId('analyse-cancelled')).toBeVisible()
    await expect(page.getByTestId('status-job')).toHaveCount(0)
    await expect(page.getByTestId('status-bar')).toContainText('cancelled')
    // The app stays usable: the next job runs normally.
    await app.queueOpenFiles([join(fixturesDir, '15min/CDB005_15min.csv')])
    await page.getByTestId('analyse-file').click()
    await expect(page.getByTestId('analyse-rows')).toBeVisible()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('a missing file is reported clearly', async ({ app }) => {
  const { page } = app
  await app.queueOpenFiles([join(fixturesDir, 'does-not-exist.csv')])
  await page.getByTestId('analyse-file').click()
  await expect(page.getByTestId('analyse-result')).toContainText('no such file')
})
