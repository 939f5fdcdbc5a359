import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { rendererCalls } from '../src-main/shared/channels'
import { expect, test } from './harness/app-fixture'

test('opens on Datasets and navigates between the four areas', async ({ app }) => {
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

  await page.getByTestId('nav-communities').click()
  await expect(page.getByRole('heading', { level: 1, name: 'Communities' })).toBeVisible()
  await expect(page).toHaveURL(/#\/communities$/)
  // an empty library has no community yet, and says how to get one
  await expect(page.getByTestId('communities-empty')).toContainText('Open a community')
  await expect(page.getByRole('navigation', { name: 'Areas' }).getByRole('link')).toHaveText([
    /Datasets/,
    /Training/,
    /Models/,
    /Communities/,
  ])
  await app.screenshot('communities-empty')

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

test('the page gets only the calls the renderer makes, and names files only by tokens', async ({ app }) => {
  const { page } = app
  type Bridge = Record<string, Record<string, (r: unknown) => Promise<unknown>>>
  const exposed = await page.evaluate(() =>
    Object.entries((globalThis as unknown as { api: Record<string, unknown> }).api)
      .filter(([domain, actions]) => domain !== 'on' && typeof actions === 'object')
      .flatMap(([domain, actions]) => Object.keys(actions as object).map((action) => `${domain}:${action}`))
      .sort(),
  )
  expect(exposed).toEqual([...rendererCalls].sort())
  expect(exposed).not.toContain('job:start') // the CLI's analyse and import-by-path

  // paths are refused outright; a made-up token is refused with what to do instead
  const byPath = await page.evaluate(() =>
    (globalThis as unknown as { api: Bridge }).api.dataset.import({ paths: ['/etc/shadow'] }),
  )
  expect(byPath).toMatchObject({ ok: false, error: { code: 'invalid-request' } })
  const forged = await page.evaluate(() =>
    (globalThis as unknown as { api: Bridge }).api.model.import({ file: '/etc/shadow' }),
  )
  expect(forged).toMatchObject({
    ok: false,
    error: { message: expect.stringMatching(/Unknown or already used/) },
  })

  // a file chosen to be read cannot be overwritten by a model export
  const victim = join(app.dataDir, 'notes.txt')
  writeFileSync(victim, 'keep me')
  await app.queueOpenFiles([victim])
  const opened = await app.call<{ files: { token: string; name: string }[] }>('dialog', 'openFiles', {})
  expect(opened.files.map((f) => f.name)).toEqual(['notes.txt'])
  const overwrite = await page.evaluate(
    (file) => (globalThis as unknown as { api: Bridge }).api.model.export({ modelId: 1, file }),
    opened.files[0].token,
  )
  expect(overwrite).toMatchObject({
    ok: false,
    error: { message: expect.stringMatching(/chosen to be read/) },
  })
  expect(readFileSync(victim, 'utf8')).toBe('keep me')

  if (app.mode === 'browser') {
    // the harness's transport refuses other calls as Electron's IPC does (it registers no handler for them)
    const refused = await page.evaluate(() =>
      (globalThis as unknown as { __vfInvoke: (c: string, r: unknown) => Promise<unknown> }).__vfInvoke(
        'job:start',
        { kind: 'analyse-file', params: { path: '/etc/shadow' } },
      ),
    )
    expect(refused).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/not a call the app window/) },
    })
  }
})
