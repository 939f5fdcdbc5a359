import { describe, expect, it, vi } from 'vitest'
import { denyAllPermissions, EXTERNAL_HOSTS, guardWebContents, isAllowedExternalUrl } from './web-security'

describe('isAllowedExternalUrl', () => {
  it('opens nothing by default: the app links to no web page', () => {
    expect(EXTERNAL_HOSTS).toEqual([])
    expect(isAllowedExternalUrl('https://example.org/')).toBe(false)
  })

  it('accepts only https on an allowlisted host, exactly', () => {
    const hosts = ['docs.example.org']
    expect(isAllowedExternalUrl('https://docs.example.org/guide#x', hosts)).toBe(true)
    for (const url of [
      'http://docs.example.org/',
      'https://docs.example.org.evil.com/',
      'https://evil.com/?docs.example.org',
      'https://docs.example.org@evil.com/',
      'https://user@docs.example.org/',
      'https://docs.example.org:8443/',
      'https://sub.docs.example.org/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isAllowedExternalUrl(url, hosts), url).toBe(false)
    }
  })
})

type Listener = (...args: unknown[]) => void

function fakeContents() {
  const listeners = new Map<string, Listener>()
  let openHandler: (details: { url: string }) => { action: string } = () => ({ action: 'allow' })
  const contents = {
    on: (event: string, listener: Listener) => void listeners.set(event, listener),
    setWindowOpenHandler: (handler: typeof openHandler) => void (openHandler = handler),
  }
  const fire = (event: string, url?: string, inEvent = true) => {
    const preventDefault = vi.fn()
    listeners.get(event)!({ preventDefault, ...(inEvent ? { url } : {}) }, url)
    return preventDefault.mock.calls.length > 0
  }
  return { contents, listeners, fire, open: (url: string) => openHandler({ url }) }
}

describe('guardWebContents', () => {
  const app = 'file:///app/out/renderer/index.html'
  const isApp = (url: string) => url.startsWith(app)

  it('cancels navigations and redirects away from the app page, not within it', () => {
    const { contents, fire } = fakeContents()
    guardWebContents(contents as never, isApp, vi.fn())
    for (const event of ['will-navigate', 'will-redirect']) {
      expect(fire(event, 'https://evil.test/'), event).toBe(true)
      expect(fire(event, `${app}#/models`), event).toBe(false)
      // older Electron passes the URL only as the second argument
      expect(fire(event, 'https://evil.test/', false), event).toBe(true)
    }
  })

  it('refuses webviews and every new window; only allowlisted links reach the browser', () => {
    const { contents, fire, open } = fakeContents()
    const openExternal = vi.fn()
    guardWebContents(contents as never, isApp, openExternal, ['docs.example.org'])
    expect(fire('will-attach-webview')).toBe(true)
    expect(open('https://evil.test/')).toEqual({ action: 'deny' })
    expect(open('https://docs.example.org/a')).toEqual({ action: 'deny' })
    expect(openExternal.mock.calls).toEqual([['https://docs.example.org/a']])
  })

  it('hands nothing to the browser with the default (empty) allowlist', () => {
    const { contents, open } = fakeContents()
    const openExternal = vi.fn()
    guardWebContents(contents as never, isApp, openExternal)
    expect(open('https://example.org/')).toEqual({ action: 'deny' })
    expect(openExternal).not.toHaveBeenCalled()
  })
})

describe('denyAllPermissions', () => {
  it('refuses every permission request and answers every permission check with no', () => {
    let request: (c: unknown, p: string, callback: (granted: boolean) => void) => void = () => undefined
    let check: (...args: unknown[]) => boolean = () => true
    denyAllPermissions({
      setPermissionRequestHandler: (h: typeof request) => void (request = h),
      setPermissionCheckHandler: (h: typeof check) => void (check = h),
    } as never)
    const callback = vi.fn()
    request({}, 'media', callback)
    expect(callback).toHaveBeenCalledWith(false)
    for (const permission of ['clipboard-read', 'media', 'notifications', 'geolocation'])
      expect(check({}, permission, 'file://', {})).toBe(false)
  })
})
