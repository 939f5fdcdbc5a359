import type { BrowserWindowConstructorOptions } from 'electron'

/** The security baseline of the app window: isolated, sandboxed, no Node in the renderer. */
export function secureWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Voisin Forecast',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  }
}

/** True when `url` is our own renderer page (the built file, or the dev server in development). */
export function isAppUrl(url: string, rendererUrl: string | undefined, rendererFile: string): boolean {
  if (rendererUrl) return url.startsWith(rendererUrl)
  try {
    const parsed = new URL(url)
    return (
      parsed.protocol === 'file:' &&
      decodeURIComponent(parsed.pathname).endsWith(rendererFile.replace(/\\/g, '/'))
    )
  } catch {
    return false
  }
}
