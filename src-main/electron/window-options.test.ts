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
  const page = `file://${file}`
  it('accepts our renderer page, wherever the router is', () => {
    expect(isAppUrl(page, undefined, file)).toBe(true)
    expect(isAppUrl(`${page}#/datasets`, undefined, file)).toBe(true)
    expect(isAppUrl(`${page}?x=1#/models`, undefined, file)).toBe(true)
  })
  it('refuses any other file, even one whose path ends like ours', () => {
    for (const url of [
      'file:///etc/passwd',
      'file:///evil/opt/voisin/resources/app.asar/out/renderer/index.html',
      'file:///tmp/out/renderer/index.html',
      'file://evil.host/opt/voisin/resources/app.asar/out/renderer/index.html',
      `${page}.html`,
      'file:///opt/voisin/resources/app.asar/out/renderer/other.html',
      `https://example.org${file}`,
      'https://example.org/',
      'not a url',
      '',
    ]) {
      expect(isAppUrl(url, undefined, file), url).toBe(false)
    }
  })
  it('resolves dot segments before comparing', () => {
    expect(
      isAppUrl('file:///opt/voisin/x/../resources/app.asar/out/renderer/index.html', undefined, file),
    ).toBe(true)
    expect(isAppUrl('file:///evil/../../etc/passwd', undefined, file)).toBe(false)
  })
  it('accepts the dev server only in development, and only its exact origin and page', () => {
    const dev = 'http://localhost:5173'
    expect(isAppUrl('http://localhost:5173/#/models', dev, file)).toBe(true)
    expect(isAppUrl('http://localhost:5173/', `${dev}/`, file)).toBe(true)
    for (const url of [
      'http://localhost:5173.evil.com/',
      'http://localhost:51730/',
      'http://localhost:5173@evil.com/',
      'http://user:pw@localhost:5173/',
      'https://localhost:5173/',
      'http://localhost:5174/',
      'http://localhost:5173/evil.html',
      'http://evil.test/',
      page,
    ]) {
      expect(isAppUrl(url, dev, file), url).toBe(false)
    }
  })
})
