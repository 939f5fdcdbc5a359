import type { BrowserWindowConstructorOptions } from 'electron'
import { pathToFileURL } from 'node:url'

/** The security baseline of the app window: isolated, sandboxed, no Node in the renderer. */
export function secureWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1360,
    height: 860,
    // the layout is made for 1024 × 768 and up
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'Voisin Forecast',
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

/**
 * True when `url` is our own renderer page: the built file, or the dev server in development.
 * The whole URL is compared (scheme, host, port, path; no user or password), only the hash (the
 * router's place) and the query may differ: a prefix or suffix test would let through
 * `file:///evil/out/renderer/index.html` or `http://localhost:5173.evil.com/`.
 */
export function isAppUrl(url: string, rendererUrl: string | undefined, rendererFile: string): boolean {
  const page = rendererUrl ? parseUrl(rendererUrl) : pathToFileURL(rendererFile)
  const candidate = parseUrl(url)
  if (!page || !candidate) return false
  return (
    candidate.protocol === page.protocol &&
    candidate.username === '' &&
    candidate.password === '' &&
    candidate.host === page.host &&
    candidate.pathname === page.pathname
  )
}

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url)
  } catch {
    return undefined
  }
}
