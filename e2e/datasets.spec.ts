import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, fixturesDir, test } from './harness/app-fixture'

test('first run: the empty library offers the sample household', async ({ app }) => {
  const { page } = app
  await expect(page.getByTestId('first-run')).toBeVisible()
  await page.getByTestId('import-sample').click()
  await expect(page.getByTestId('dataset-item')).toHaveCount(1)
  await expect(page.getByTestId('dataset-title')).toContainText('CDB008')
  // March–May 2022: 92 local days; the zero-filled days at the end of May are removed by default
  await expect(page.getByTestId('calendar-day')).toHaveCount(92)
  await expect(page.locator('[data-testid="calendar-day"][data-day="2022-05-28"]')).toHaveAttribute(
    'data-removed',
    'true',
  )
  // warnings under headings in words, their ids only as small print
  const titles = page.getByTestId('warning-title')
  await expect(titles).toHaveText([
    'Spikes (measurement glitches)',
    'Negative consumption',
    'Outages filled with zeros',
    'Timestamps without a time zone',
  ])
  await expect(page.locator('[data-code="spikes"]')).toContainText('1 reading with |p| ≥ 100 kW')
  await expect(page.getByTestId('dataset-warnings')).not.toContainText(/\b1 (readings|runs|days)\b/)
  await expect(page.getByTestId('first-run')).toHaveCount(0)
  await app.screenshot('sample-household')

  // rename, then delete (after a confirmation): the library is empty again
  await page.getByTestId('dataset-rename').click()
  await page.getByTestId('dataset-name-input').fill('Sample spring 2022')
  await page.getByTestId('dataset-name-input').press('Enter')
  await expect(page.getByTestId('dataset-title')).toHaveText('CDB008 · Sample spring 2022')
  await expect(page.getByTestId('dataset-item')).toContainText('Sample spring 2022')
  await page.getByTestId('dataset-delete').click()
  await page.getByTestId('dataset-delete-confirm').click()
  await expect(page.getByTestId('first-run')).toBeVisible()
  expect(await app.call<unknown[]>('dataset', 'list')).toEqual([])
  // … and undo brings it back, as it was
  await expect(page.getByTestId('undo-bar')).toContainText('Dataset CDB008 · Sample spring 2022 deleted.')
  await page.getByTestId('undo').click()
  await expect(page.getByTestId('dataset-title')).toHaveText('CDB008 · Sample spring 2022')
  await expect(page.getByTestId('calendar-day')).toHaveCount(92)
  await expect(page.getByTestId('undo-bar')).toHaveCount(0)
})

test('the chart’s + button halves what is shown and keeps the readings, down to the readings themselves', async ({
  app,
}) => {
  const { page } = app
  await page.getByTestId('import-sample').click()
  const range = page.getByTestId('series-range')
  const resolution = page.getByTestId('series-resolution')
  await expect(resolution).toContainText('as a min / max envelope')
  const span = async () =>
    Number(await range.getAttribute('data-to-ms')) - Number(await range.getAttribute('data-from-ms'))
  const readings = async () => Number(await range.getAttribute('data-readings'))
  // the whole sample: 2022-03-01 00:00 (UTC+1) to 2022-06-01 00:00 (UTC+2), 92 days less the DST hour
  const whole = (92 * 24 - 1) * 3_600_000
  expect(await span()).toBe(whole)
  expect(await readings()).toBe(8_334) // what the recipe keeps
  const chart = page.getByTestId('series-chart').locator('.chart')
  await expect(chart).toHaveAttribute('data-x-axis', 'time (Europe/Brussels)')

  await page.getByTestId('zoom-in').click()
  await expect.poll(span).toBeLessThan(whole)
  // half the range around its middle, with about half the readings in it: never "0 readings"
  expect(Math.abs((await span()) - whole / 2)).toBeLessThanOrEqual(2)
  expect(await readings()).toBeGreaterThan(4_300)
  expect(await readings()).toBeLessThanOrEqual(whole / 2 / 900_000 + 1)
  await expect(resolution).not.toContainText(/^0 readings/)
  const shownSpan =
    Number(await chart.getAttribute('data-x-max')) - Number(await chart.getAttribute('data-x-min'))
  expect(Math.abs(shownSpan - whole / 2)).toBeLessThanOrEqual(2)

  // four more: 1/32 of the range (about 69 h), few enough to draw the readings themselves
  for (let k = 0; k < 4; k++) await page.getByTestId('zoom-in').click()
  await expect(resolution).toContainText('readings shown')
  expect(Math.abs((await span()) - whole / 32)).toBeLessThanOrEqual(2)
  expect(await readings()).toBeGreaterThan(250)
  expect(await readings()).toBeLessThanOrEqual(Math.ceil(whole / 32 / 900_000) + 1)
  await expect(range).toContainText(/\d{2}:\d{2} (GMT\+[12]|CES?T)/)

  // − doubles it back; "Whole range" shows everything again
  await page.getByTestId('zoom-out').click()
  await expect.poll(span).toBeGreaterThan(whole / 20)
  expect(Math.abs((await span()) - whole / 16)).toBeLessThanOrEqual(4)
  await page.getByTestId('zoom-reset').click()
  await expect.poll(span).toBe(whole)
  expect(await readings()).toBe(8_334)
})

test('import two files, read the calendar, move the threshold, zoom the chart', async ({ app }) => {
  const { page } = app
  await app.queueOpenFiles([join(fixturesDir, '15min/CDB005_15min.csv'), join(fixturesDir, '8s/CDB001.csv')])
  await page.getByTestId('import-files').click()
  await expect(page.getByTestId('dataset-item')).toHaveCount(2)
  await expect(page.getByTestId('warnings-badge').first()).toBeVisible()
  await expect(page.getByTestId('dataset-title')).toContainText('CDB005')

  // CDB005: a lone reading on 01-01, ten empty days, then complete days (81 local days)
  const days = page.getByTestId('calendar-day')
  await expect(days).toHaveCount(81)
  const emptyDay = page.locator('[data-testid="calendar-day"][data-day="2023-01-05"]')
  const fullDay = page.locator('[data-testid="calendar-day"][data-day="2023-02-01"]')
  await expect(emptyDay).toHaveAttribute('title', /0 of 96 readings/)
  await expect(emptyDay).toHaveAttribute('data-removed', 'true')
  await expect(fullDay).toHaveAttribute('data-removed', 'false')
  const removedAtDefault = await page.locator('[data-testid="calendar-day"][data-removed="true"]').count()
  expect(removedAtDefault).toBeGreaterThanOrEqual(11)
  await expect(page.getByTestId('kept-count')).toHaveText(
    `${81 - removedAtDefault} of 81 days kept, ${removedAtDefault} removed`,
  )

  // threshold 0: every day is kept (the day rules count nothing as removed)
  await page.getByTestId('threshold-slider').fill('0')
  await expect(page.getByTestId('threshold-value')).toHaveText('0 %')
  await expect(emptyDay).toHaveAttribute('data-removed', 'false')
  await expect(page.getByTestId('kept-count')).toHaveText('81 of 81 days kept, 0 removed')
  // back up to 100 %: the empty days are removed again, complete days stay
  await page.getByTestId('threshold-slider').fill('1')
  await expect(emptyDay).toHaveAttribute('data-removed', 'true')
  await expect(fullDay).toHaveAttribute('data-removed', 'false')
  await page.getByTestId('save-recipe').click()
  await expect(page.getByTestId('save-recipe')).toBeDisabled()
  const saved = await app.call<{ recipe: { minCompleteness: number }; cleanedAt: string | null }>(
    'dataset',
    'get',
    {
      datasetId: 1,
    },
  )
  expect(saved.recipe.minCompleteness).toBe(1)
  expect(saved.cleanedAt).not.toBeNull()

  // the chart of a 15-min household: an envelope over the whole range, the readings after zooming in
  const resolution = page.getByTestId('series-resolution')
  const range = page.getByTestId('series-range')
  await expect(resolution).toContainText('min / max envelope')
  const before = await resolution.textContent()
  const readings = async () => Number(await range.getAttribute('data-readings'))
  const wholeReadings = await readings()
  expect(wholeReadings).toBeGreaterThan(5_000)
  for (let k = 0; k < 5; k++) await page.getByTestId('zoom-in').click()
  await expect(resolution).toContainText('readings shown')
  // 1/32 of 81 days: about 2.5 days of 96 readings (fewer where the recipe removed a day)
  expect(await readings()).toBeGreaterThan(0)
  expect(await readings()).toBeLessThanOrEqual(Math.ceil((81 * 96) / 32) + 1)
  await expect(resolution).toHaveText(`${(await readings()).toLocaleString('en')} readings shown`)
  await page.getByTestId('zoom-reset').click()
  await expect(resolution).toHaveText(before ?? '')
  await expect(page.getByTestId('profile-chart')).toBeVisible()
  await expect(page.getByTestId('distribution-chart')).toBeVisible()
  await app.screenshot('dataset-inspection')

  // the other dataset
  await page.locator('[data-testid="dataset-item"][data-home="CDB001"]').click()
  await expect(page.getByTestId('dataset-title')).toContainText('CDB001')
  await expect(days).toHaveCount(2)
})

test('questionable input: a text column is left out with a warning, a UTF-16 file is refused with what to do', async ({
  app,
}) => {
  const { page } = app
  const dir = mkdtempSync(join(tmpdir(), 'vf-checks-'))
  try {
    const lines = ['home_id,day,ts,p_cons,p_prod,p_tot,comment']
    for (let k = 0; k < 100; k++) {
      const wall = new Date(Date.UTC(2023, 4, 1, 10) + k * 900_000).toISOString()
      lines.push(
        `CDB777,${wall.slice(0, 10)},${wall.slice(0, 10)} ${wall.slice(11, 19)}+00:00,${k},0,${k},ok`,
      )
    }
    const text = join(dir, 'CDB777.csv')
    writeFileSync(text, lines.join('\n') + '\n')
    const utf16 = join(dir, 'CDB778.csv')
    writeFileSync(
      utf16,
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines.join('\r\n'), 'utf16le')]),
    )

    await app.queueOpenFiles([utf16])
    await page.getByTestId('import-files').click()
    await expect(page.getByTestId('datasets-error')).toContainText(
      'CDB778.csv, line 1: the file is UTF-16 text (UTF-16LE): save it as UTF-8',
    )
    expect(await app.call<unknown[]>('dataset', 'list')).toEqual([])

    await app.queueOpenFiles([text])
    await page.getByTestId('import-files').click()
    await expect(page.getByTestId('dataset-title')).toContainText('CDB777')
    await expect(page.getByTestId('dataset-rows')).toContainText('100 read')
    const warning = page.locator('[data-testid="dataset-warnings"] [data-code="column-ignored"]')
    await expect(warning).toContainText(
      'CDB777.csv: column "comment" ignored: it holds text ("ok" at line 2), not numbers.',
    )
    await expect(warning).toContainText('the power columns and the other series were imported')
    const [item] = await app.call<{ datasetId: number }[]>('dataset', 'list')
    const detail = await app.call<{ columns: string[] }>('dataset', 'get', { datasetId: item.datasetId })
    expect(detail.columns).toEqual(['p_cons', 'p_prod', 'p_tot'])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
