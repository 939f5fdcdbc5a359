import { expect, test } from './harness/app-fixture'

test('opens on Datasets and navigates between the three areas', async ({ app }) => {
  const { page } = app
  await expect(page.getByRole('heading', { level: 1, name: 'Datasets' })).toBeVisible()
  await expect(page.getByTestId('not-connected')).toHaveCount(0)
  await expect(page.getByTestId('status-bar')).toContainText('Library schema v')
  await app.screenshot('datasets')

  await page.getByTestId('nav-training').click()
  await expect(page.getByRole('heading', { level: 1, name: 'Training' })).toBeVisible()
  await expect(page).toHaveURL(/#\/training$/)
  await app.screenshot('training')

  await page.getByTestId('nav-models').click()
  await expect(page.getByRole('heading', { level: 1, name: 'Models' })).toBeVisible()
  await app.screenshot('models')

  await page.getByTestId('nav-datasets').click()
  await expect(page.getByRole('heading', { level: 1, name: 'Datasets' })).toBeVisible()
})

test('areas are reachable from the keyboard', async ({ app }) => {
  const { page } = app
  await page.getByTestId('nav-datasets').focus()
  await page.keyboard.press('Tab')
  await expect(page.getByTestId('nav-training')).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { level: 1, name: 'Training' })).toBeVisible()
})

test('the page runs with no Node access and a strict content security policy', async ({ app }) => {
  const { page } = app
  const probe = await page.evaluate(() => ({
    require: typeof (globalThis as { require?: unknown }).require,
    process: typeof (globalThis as { process?: unknown }).process,
    csp:
      (
        globalThis as unknown as { document: { querySelector(s: string): { content: string } | null } }
      ).document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? '',
    apiDomains: Object.keys((globalThis as unknown as { api: object }).api).sort(),
  }))
  expect(probe.require).toBe('undefined')
  expect(probe.process).toBe('undefined')
  expect(probe.csp).toContain("script-src 'self'")
  expect(probe.csp).toContain("default-src 'none'")
  expect(probe.apiDomains).toEqual(expect.arrayContaining(['app', 'dialog', 'job', 'on']))
  // An invalid payload comes back as an error value, not an exception.
  const result = await page.evaluate(() =>
    (globalThis as unknown as { api: { job: { cancel: (r: unknown) => Promise<unknown> } } }).api.job.cancel({
      jobId: 42,
    }),
  )
  expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request' } })
})
