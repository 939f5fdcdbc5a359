import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, fixturesDir, test } from './harness/app-fixture'

/** A 15-min household of four weeks at about 900 W, with one −30 MW glitch (negative, and p_tot disagrees). */
function writeGlitchHousehold(dir: string): string {
  const lines = ['ts,p_cons,p_prod,p_tot']
  for (let k = 0; k < 28 * 96; k++) {
    const t = new Date(Date.UTC(2023, 4, 1) + k * 900_000).toISOString()
    const watts = 900 + 300 * Math.sin((2 * Math.PI * (k % 96)) / 96)
    const [cons, tot] = k === 1000 ? [-30e6, -29.5e6] : [watts.toFixed(1), watts.toFixed(1)]
    lines.push(`${t.slice(0, 10)} ${t.slice(11, 19)}+00:00,${cons},0,${tot}`)
  }
  const path = join(dir, 'CDB901.csv')
  writeFileSync(path, lines.join('\n') + '\n')
  return path
}

test('one glitch: one warning, a readable chart and statistics of the cleaned series, the raw import on request', async ({
  app,
}) => {
  const { page } = app
  const dir = mkdtempSync(join(tmpdir(), 'vf-glitch-'))
  try {
    await app.queueOpenFiles([writeGlitchHousehold(dir)])
    await page.getByTestId('import-files').click()
    await expect(page.getByTestId('dataset-title')).toContainText('CDB901')

    // one warning for the one bad row, in words, and no "meter installed backwards?"
    await expect(page.getByTestId('warning-title')).toHaveText(['Spikes (measurement glitches)'])
    await expect(page.getByTestId('dataset-warnings')).toContainText(
      '1 reading with |p| ≥ 100 kW, p_cons down to −30 MW',
    )
    await expect(page.getByTestId('dataset-warnings')).not.toContainText('backwards')

    // statistics say what they include: the cleaned series by default, the import beside it
    await expect(page.getByTestId('stats-cleaned')).toHaveText('600 W / 900 W / 1,200 W')
    await expect(page.getByTestId('stats-raw')).toContainText(
      'as imported (2,688 readings): −30 MW / −10.3 kW',
    )

    // the cleaned chart is not stretched by the glitch; the raw import shows it and marks it
    const chart = page.getByTestId('series-chart').locator('.chart')
    await expect(page.getByTestId('series-view-cleaned')).toHaveAttribute('aria-checked', 'true')
    await expect.poll(async () => Number(await chart.getAttribute('data-y-min'))).toBeGreaterThan(0)
    expect(Number(await chart.getAttribute('data-y-max'))).toBeLessThan(2_000)
    await expect(page.getByTestId('series-hidden')).toHaveText(
      '1 reading hidden here (spikes, all-zero rows): see them in the raw import',
    )
    await page.getByTestId('series-view-raw').click()
    await expect.poll(async () => Number(await chart.getAttribute('data-y-min'))).toBeLessThan(-29e6)
    await expect(page.getByTestId('series-hidden')).toHaveText('1 reading here the recipe hides (marked ✕)')
    await page.getByTestId('series-view-cleaned').click()
    await expect.poll(async () => Number(await chart.getAttribute('data-y-min'))).toBeGreaterThan(0)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('reads timestamps without a zone as chosen in the import options', async ({ app }) => {
  const { page } = app
  const may = join(fixturesDir, '15min/CDB001_2022-05-01--2022-05-31_15min.csv')
  await app.queueOpenFiles([may])
  await page.getByTestId('import-files').click()
  await expect(page.getByTestId('dataset-title')).toContainText('CDB001')
  await expect(page.locator('[data-code="naive-timestamps"]')).toContainText(
    'read as Europe/Brussels local time',
  )
  await expect(page.getByTestId('calendar-day')).toHaveCount(31)

  // the same file read as UTC: its last readings fall on 1 June in Brussels, so another dataset of 32 days
  await page.getByTestId('import-options').locator('summary').click()
  await page.getByTestId('import-naive').selectOption('utc')
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('import-naive')).toBeHidden()
  await app.queueOpenFiles([may])
  await page.getByTestId('import-files').click()
  await expect(page.getByTestId('dataset-item')).toHaveCount(2)
  await expect(page.locator('[data-code="naive-timestamps"]')).toContainText('read as UTC')
  await expect(page.getByTestId('calendar-day')).toHaveCount(32)
  const list = await app.call<{ start: string }[]>('dataset', 'list')
  expect(list.map((d) => d.start)).toEqual(['2022-04-30T22:00:00.000Z', '2022-05-01T00:00:00.000Z'])
})

test('the calendar, the per-day table and the distribution count zero-filled outages as missing', async ({
  app,
}) => {
  const { page } = app
  await page.getByTestId('import-sample').click()
  await expect(page.getByTestId('calendar-day')).toHaveCount(92)
  // 2022-05-20: all 96 readings present, 11 of them all-zero rows (2.75 h of outage)
  const outage = page.locator('[data-testid="calendar-day"][data-day="2022-05-20"]')
  const perfect = page.locator('[data-testid="calendar-day"][data-day="2022-05-21"]')
  await expect(outage).toHaveAttribute('data-usable', '0.885')
  await expect(outage).toHaveAttribute('title', /11 all-zero \(2\.8 h of zeros: 88\.5 % usable\)/)
  const colour = (day: typeof outage) =>
    day.evaluate((el) => (el as unknown as { style: { background: string } }).style.background)
  expect(await colour(outage)).not.toBe(await colour(perfect))

  // the distribution counts missing slots of kept days only (the 5 removed days of May are not "missing")
  const note = page.getByTestId('distribution-note')
  await expect(note).toContainText('8,335 values of the cleaned series')
  const missing = Number(
    (/; ([\d,]+) slots? of the kept days/.exec((await note.textContent()) ?? '') ?? [])[1],
  )
  expect(missing).toBeLessThan(96)
  // hours of day run 00:00–24:00, in the dataset's zone
  await expect(page.getByTestId('profile-chart').locator('.chart')).toHaveAttribute(
    'data-x-axis',
    'local time of day (Europe/Brussels)',
  )
  await expect(page.getByTestId('profile-chart').locator('.chart')).toHaveAttribute('data-x-max', '24')

  // the per-day table, sorted by zero rows: the zero-filled days of late May first, with why they are removed
  await page.getByTestId('days-card').locator('summary').click()
  const rows = page.getByTestId('day-row')
  await expect(rows).toHaveCount(92)
  await page.getByTestId('sort-zero').click()
  await page.getByTestId('sort-zero').click()
  await expect(page.getByTestId('day-table').locator('th').nth(4)).toHaveAttribute('aria-sort', 'descending')
  await expect(rows.first()).toContainText('2022-05-28')
  await expect(rows.first()).toContainText('removed: mostly all-zero rows')
  await page.getByTestId('sort-completeness').click()
  await expect(rows.first().locator('td').first()).toHaveText('2022-03-01')
})

test('a saved cleaning recipe can be undone', async ({ app }) => {
  const { page } = app
  await page.getByTestId('import-sample').click()
  await expect(page.getByTestId('kept-count')).toHaveText('87 of 92 days kept, 5 removed')
  await page.getByTestId('threshold-slider').fill('1')
  await page.locator('.options input[type="checkbox"]').first().uncheck() // keep the zero-dominated days
  await expect(page.getByTestId('kept-count')).toHaveText('92 of 92 days kept, 0 removed')
  await page.getByTestId('save-recipe').click()
  await expect(page.getByTestId('undo-bar')).toContainText('Cleaning recipe of CDB008 saved.')
  const [saved] = await app.call<{ cleaned: boolean; keptDays: number }[]>('dataset', 'list')
  expect(saved).toMatchObject({ cleaned: true, keptDays: 92 })
  await page.getByTestId('undo').click()
  await expect(page.getByTestId('kept-count')).toHaveText('87 of 92 days kept, 5 removed')
  await expect(page.getByTestId('threshold-value')).toHaveText('90 %')
  const [restored] = await app.call<{ cleaned: boolean; keptDays: number }[]>('dataset', 'list')
  expect(restored).toMatchObject({ cleaned: false, keptDays: 87 })
})
