import { defineConfig } from '@playwright/test'
import { detectElectron } from './e2e/harness/mode'

// The same specs run against the real Electron app where its binary is installed, and otherwise
// against the production renderer build in Debian's Chromium, served by `vite preview`, with the
// real backend (SQLite file, services, worker processes) behind an exposed-function transport.
const electron = detectElectron()
// Another port lets two suites run side by side on one machine.
const port = Number(process.env.VF_E2E_PORT ?? 4173)

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  workers: 1,
  forbidOnly: true,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  outputDir: 'test-results/artifacts',
  globalSetup: './e2e/harness/global-setup.ts',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    },
  },
  webServer: electron
    ? undefined
    : {
        command: `npx vite preview --outDir out/renderer --host 127.0.0.1 --port ${port} --strictPort`,
        url: `http://127.0.0.1:${port}`,
        reuseExistingServer: false,
        timeout: 30_000,
      },
})
