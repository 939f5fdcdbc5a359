import { expect, test } from './harness/app-fixture'

test('look', async ({ app }) => {
  const { page } = app
  page.on('console', (m) => console.log('console:', m.type(), m.text()))
  page.on('pageerror', (e) => console.log('pageerror:', e.message))
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.getByTestId('import-sample').click()
  await expect(page.getByTestId('dataset-item')).toHaveCount(1)
  await expect(page.getByTestId('series-resolution')).toContainText('envelope')
  await page.waitForTimeout(800)
  await page.screenshot({ path: '/tmp/c12/look-1440.png' })
  await page.getByTestId('zoom-in').click()
  await page.waitForTimeout(800)
  console.log(await page.getByTestId('series-resolution').textContent(), await page.getByTestId('series-range').textContent())
  await page.getByTestId('series-view-raw').click()
  await page.waitForTimeout(800)
  await page.screenshot({ path: '/tmp/c12/look-1440-raw.png' })
  await page.setViewportSize({ width: 1024, height: 768 })
  await page.waitForTimeout(800)
  await page.screenshot({ path: '/tmp/c12/look-1024.png' })
  await page.screenshot({ path: '/tmp/c12/look-1024-full.png', fullPage: true })
})
