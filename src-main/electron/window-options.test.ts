import { describe, expect, it } from 'vitest'
import { isAppUrl, secureWindowOptions } from './window-options'

describe('secureWindowOptions', () => {
  it('isolates and sandboxes the renderer with no Node integration', () => {
    const prefs = secureWindowOptions('/app/out/preload/index.js').webPreferences!
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
    })
  })
})

describe('isAppUrl', () => {
  const file = '/opt/voisin/resources/app.asar/out/renderer/index.html'
  it('accepts only our renderer page', () => {
    expect(isAppUrl(`file://${file}#/datasets`, undefined, file)).toBe(true)
    expect(isAppUrl('file:///etc/passwd', undefined, file)).toBe(false)
    expect(isAppUrl('https://example.org/', undefined, file)).toBe(false)
    expect(isAppUrl('not a url', undefined, file)).toBe(false)
  })
  it('accepts the dev server only in development', () => {
    expect(isAppUrl('http://localhost:5173/#/models', 'http://localhost:5173', file)).toBe(true)
    expect(isAppUrl('http://evil.test/', 'http://localhost:5173', file)).toBe(false)
  })
})
