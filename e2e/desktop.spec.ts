import { execFile } from 'node:child_process'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { expect, fixturesDir, test } from './harness/app-fixture'

const run = promisify(execFile)
const cli = resolve(__dirname, '../out/main/cli.js')
const mod = process.platform === 'darwin' ? 'Meta' : 'Control'

test('keyboard: Ctrl/Cmd+O opens files, Ctrl/Cmd+1…3 switch areas, Esc cancels a dialog', async ({ app }) => {
  const { page } = app
  await expect(page.getByTestId('first-run')).toBeVisible()
  await app.queueOpenFiles([join(fixturesDir, '15min/CDB005_15min.csv')])
  await page.keyboard.press(`${mod}+o`)
  await expect(page.getByTestId('dataset-title')).toContainText('CDB005')

  await page.keyboard.press(`${mod}+2`)
  await expect(page.getByRole('heading', { level: 1, name: 'Training' })).toBeVisible()
  await page.keyboard.press(`${mod}+3`)
  await expect(page.getByRole('heading', { level: 1, name: 'Models' })).toBeVisible()
  await page.keyboard.press(`${mod}+1`)
  await expect(page.getByRole('heading', { level: 1, name: 'Datasets' })).toBeVisible()

  await page.getByTestId('dataset-delete').click()
  await expect(page.getByTestId('dataset-delete-confirm')).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('dataset-delete-confirm')).toHaveCount(0)
  await page.getByTestId('export-data').click()
  await expect(page.getByTestId('export-dialog')).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('export-dialog')).toHaveCount(0)
  expect(await app.call<unknown[]>('dataset', 'list')).toHaveLength(1)
})

test('the application menu: the sample, the areas, recent imports and the theme', async ({ app }) => {
  const { page } = app
  await app.menu('&File', 'Open the Sample Household')
  await expect(page.getByTestId('dataset-title')).toContainText('CDB008')
  await app.menu('&View', 'Models')
  await expect(page.getByRole('heading', { level: 1, name: 'Models' })).toBeVisible()

  // the sample stays one click away once the library is not empty
  await app.menu('&View', 'Datasets')
  await expect(page.getByTestId('import-sample-always')).toBeVisible()

  // a file opened is remembered: "Open recent" brings it back (here: already in the library)
  await app.queueOpenFiles([join(fixturesDir, '15min/CDB005_15min.csv')])
  await page.getByTestId('import-files').click()
  await expect(page.getByTestId('dataset-title')).toContainText('CDB005')
  const recent = page.getByTestId('recent-imports')
  await expect(recent.locator('option')).toHaveText(['Open recent…', 'CDB005_15min.csv', 'Clear this list'])
  await page.locator('[data-testid="dataset-item"][data-home="CDB008"]').click()
  await recent.selectOption({ label: 'CDB005_15min.csv' })
  await expect(page.getByTestId('datasets-notice')).toContainText('Already in the library, nothing was added')
  await expect(page.getByTestId('dataset-title')).toContainText('CDB005')
  await app.menu('&File', 'Open Recent', 'CDB005_15min.csv')
  await expect(page.getByTestId('datasets-notice')).toContainText('Already in the library')

  // the theme: from the menu or the sidebar, kept by the library across restarts of the page
  const html = page.locator('html')
  await app.menu('&View', 'Theme', 'Dark')
  await expect(html).toHaveAttribute('data-theme', 'dark')
  await expect(page.getByTestId('theme-select')).toHaveValue('dark')
  await page.getByTestId('theme-select').selectOption('light')
  await expect(html).toHaveAttribute('data-theme', 'light')
  await page.reload()
  await expect(html).toHaveAttribute('data-theme', 'light')
  await page.getByTestId('theme-select').selectOption('system')
  await expect(html).not.toHaveAttribute('data-theme', /./)
})

test('a dataset the CLI imports into the same library appears in the list without a reload', async ({
  app,
}) => {
  const { page } = app
  await expect(page.getByTestId('first-run')).toBeVisible()
  await run(process.execPath, [cli, 'import', '--sample', '--db', app.databasePath, '--progress', 'none'])
  await expect(page.getByTestId('dataset-item')).toHaveCount(1, { timeout: 15_000 })
  await expect(page.getByTestId('dataset-title')).toContainText('CDB008')
})

test('files dropped anywhere in the window go to the Datasets area to be imported', async ({ app }) => {
  const { page } = app
  await page.getByTestId('nav-training').click()
  await expect(page.getByRole('heading', { level: 1, name: 'Training' })).toBeVisible()
  await page.evaluate(() => {
    const g = globalThis as unknown as {
      DataTransfer: new () => { items: { add(f: unknown): void } }
      File: new (parts: string[], name: string) => unknown
      DragEvent: new (type: string, init: object) => unknown
      document: { querySelector(s: string): { dispatchEvent(e: unknown): void } }
    }
    const data = new g.DataTransfer()
    data.items.add(new g.File(['ts,p_cons\n'], 'CDB777.csv'))
    g.document
      .querySelector('main')
      .dispatchEvent(new g.DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }))
  })
  await expect(page.getByRole('heading', { level: 1, name: 'Datasets' })).toBeVisible()
  if (app.mode === 'browser') {
    // a browser page cannot learn a dropped file's path: it says so (the desktop app imports it)
    await expect(page.getByTestId('datasets-error')).toContainText('Dropping files needs the desktop app')
  }
})
