import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from './harness/app-fixture'

test('exports the cleaned data as CSV through the save dialog: one row per slot, with a flag column', async ({
  app,
}) => {
  const { page } = app
  await page.getByTestId('import-sample').click()
  await expect(page.getByTestId('calendar-day')).toHaveCount(92)
  const cleaned = join(app.dataDir, 'cdb008-cleaned.csv')
  await app.queueSaveFile(cleaned)
  await page.getByTestId('export-data').click()
  await page.getByTestId('export-save').click()
  await expect(page.getByTestId('datasets-notice')).toHaveText(`Exported 8,828 rows to ${cleaned}.`)
  const lines = readFileSync(cleaned, 'utf8').trimEnd().split('\n')
  expect(lines[0]).toBe('time_utc,time_local,p_cons_w,p_prod_w,p_tot_w,flag')
  expect(lines).toHaveLength(8_829)
  expect(lines.filter((l) => l.endsWith(',removed:zero-dominated'))).toHaveLength(480)
  expect(lines.find((l) => l.startsWith('2022-05-11T18:30:00Z'))).toMatch(/,filled:spike$/)

  // the import as read, one row per hour
  const raw = join(app.dataDir, 'cdb008-raw.csv')
  await app.queueSaveFile(raw)
  await page.getByTestId('export-data').click()
  await page.getByTestId('export-raw').check()
  await page.getByTestId('export-resample').selectOption('3600')
  await page.getByTestId('export-save').click()
  await expect(page.getByTestId('datasets-notice')).toHaveText(`Exported 2,207 rows to ${raw}.`)
  const hourly = readFileSync(raw, 'utf8').trimEnd().split('\n')
  expect(hourly).toHaveLength(2_208)
  // the glitch hour is in it as read: its mean is far below zero
  const glitch = hourly.find((l) => l.startsWith('2022-05-11T18:00:00Z'))!
  expect(Number(glitch.split(',')[2])).toBeLessThan(-1e6)
})

test('every chart saves its picture (PNG) and its data (CSV)', async ({ app }) => {
  const { page } = app
  await page.getByTestId('import-sample').click()
  await expect(page.getByTestId('series-resolution')).toContainText('envelope')
  const series = page.getByTestId('series-chart')
  const [csv] = await Promise.all([page.waitForEvent('download'), series.getByTestId('chart-csv').click()])
  expect(csv.suggestedFilename()).toBe('power-over-time-grey-bands-are-removed-days.csv')
  const text = readFileSync((await csv.path())!, 'utf8').split('\n')
  expect(text[0]).toBe(
    'time_utc,time_local (Europe/Brussels),p_cons min (W),p_cons max (W),p_cons (mean) (W)',
  )
  expect(text[1]).toMatch(/^2022-02-28T23:00:00\.000Z,2022-03-01T00:00:00\+01:00,\d/)
  const [png] = await Promise.all([page.waitForEvent('download'), series.getByTestId('chart-png').click()])
  expect(png.suggestedFilename()).toBe('power-over-time-grey-bands-are-removed-days.png')
  expect(
    readFileSync((await png.path())!)
      .subarray(1, 4)
      .toString(),
  ).toBe('PNG')

  // the profile and the distribution too
  for (const [testId, header] of [
    ['profile-chart', 'hour_of_day,weekday p10 (W)'],
    ['distribution-chart', 'power (W),p_cons readings (readings)'],
  ]) {
    const chart = page.getByTestId(testId)
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      chart.getByTestId('chart-csv').click(),
    ])
    expect(readFileSync((await download.path())!, 'utf8').split('\n')[0]).toContain(header)
  }
})
