import { expect, test, type VoisinApp } from './harness/app-fixture'

const SIZES = [
  { width: 1024, height: 768 },
  { width: 1440, height: 900 },
] as const

/** True when nothing spills sideways: no horizontal scroll of the page or of the content area. */
async function fitsSideways(app: VoisinApp): Promise<boolean> {
  return app.page.evaluate(() => {
    const doc = (
      globalThis as unknown as {
        document: {
          documentElement: { scrollWidth: number; clientWidth: number }
          querySelector(s: string): { scrollWidth: number; clientWidth: number } | null
        }
      }
    ).document
    const content = doc.querySelector('.content')
    return (
      doc.documentElement.scrollWidth <= doc.documentElement.clientWidth &&
      (!content || content.scrollWidth <= content.clientWidth)
    )
  })
}

test('every area at 1024 × 768 and 1440 × 900: screenshots for review, nothing spills sideways', async ({
  app,
}) => {
  test.setTimeout(120_000)
  const { page } = app
  await page.getByTestId('import-sample').click()
  await expect(page.getByTestId('calendar-day')).toHaveCount(92)
  await expect(page.getByTestId('series-resolution')).toContainText('envelope')
  const areas = await page
    .locator('nav .nav-link')
    .evaluateAll((links) =>
      links.map((link) => (link as unknown as { getAttribute(n: string): string }).getAttribute('href')),
    )
  // Datasets, Training, Models, and Communities where that area exists
  expect(areas.length).toBeGreaterThanOrEqual(3)
  for (const size of SIZES) {
    await page.setViewportSize(size)
    for (const [i, href] of areas.entries()) {
      const area = href.replace(/^#\//, '')
      await page.locator('nav .nav-link').nth(i).click()
      await expect(page).toHaveURL(new RegExp(`#/${area}$`))
      await expect(page.locator('h1').first()).toBeVisible()
      await page.waitForTimeout(300) // let the charts draw at the new size
      expect(await fitsSideways(app), `${area} at ${size.width} × ${size.height}`).toBe(true)
      await app.screenshot(`areas/${area}-${size.width}x${size.height}`, { full: true })
    }
  }
  // and the Datasets area in the dark theme
  await page.getByTestId('nav-datasets').click()
  await page.getByTestId('theme-select').selectOption('dark')
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await page.waitForTimeout(300)
  await app.screenshot('areas/datasets-1440x900-dark')
})

test('Datasets at 1024 × 768: facts keep whole words; at 1440 × 900 the chart and the calendar are on screen', async ({
  app,
}) => {
  const { page } = app
  await page.setViewportSize({ width: 1024, height: 768 })
  await page.getByTestId('import-sample').click()
  await expect(page.getByTestId('calendar-day')).toHaveCount(92)
  // no value squeezed into a column where words break letter by letter
  for (const value of await page.getByTestId('dataset-facts').locator('dd').all()) {
    const box = await value.boundingBox()
    expect(box!.width).toBeGreaterThan(120)
  }
  expect(await fitsSideways(app)).toBe(true)
  // the chart comes before the facts at this width, on the first screen
  const chart = await page.getByTestId('series-chart').boundingBox()
  expect(chart!.y + chart!.height).toBeLessThanOrEqual(768)

  await page.setViewportSize({ width: 1440, height: 900 })
  await page.waitForTimeout(300)
  const series = await page.getByTestId('series-chart').boundingBox()
  expect(series!.y + series!.height).toBeLessThanOrEqual(900)
  // the calendar's months start on the first screen too
  const firstMonth = await page.getByTestId('calendar-day').first().boundingBox()
  expect(firstMonth!.y + firstMonth!.height).toBeLessThanOrEqual(900)
  // and the facts and warnings sit beside them, not below
  const facts = await page.getByTestId('dataset-facts').boundingBox()
  expect(facts!.x).toBeGreaterThan(series!.x + series!.width)
  expect(await fitsSideways(app)).toBe(true)
})
