/**
 * The Electron adapter's security decisions as plain functions over the few methods they use, so
 * they are tested under Node (no Electron binary is needed): where a page may go, what opens in
 * the person's browser, and which permissions a page gets (none).
 */
import type { Session, WebContents } from 'electron'

/**
 * Hosts whose https pages a link in the app may open in the person's browser. None today: the app
 * shows no links to the web. Add a host here (exactly, no wildcard) when one is needed.
 */
export const EXTERNAL_HOSTS: readonly string[] = []

/** True for an https URL on an allowlisted host (default port, no user or password in it). */
export function isAllowedExternalUrl(url: string, hosts: readonly string[] = EXTERNAL_HOSTS): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  return (
    parsed.protocol === 'https:' &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.port === '' &&
    hosts.includes(parsed.hostname)
  )
}

type NavigationEvent = { preventDefault(): void; url?: string }

/**
 * Every web contents stays on the app page: navigations and redirects elsewhere are cancelled,
 * webviews are refused, and new windows are never opened (an allowlisted https link is handed to
 * the person's browser instead).
 */
export function guardWebContents(
  contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>,
  isAppUrl: (url: string) => boolean,
  openExternal: (url: string) => void,
  externalHosts: readonly string[] = EXTERNAL_HOSTS,
): void {
  // Electron passes the URL on the event (newer) and as the second argument (older, deprecated).
  const stayOnApp = (event: NavigationEvent, url?: string) => {
    if (!isAppUrl(event.url ?? url ?? '')) event.preventDefault()
  }
  contents.on('will-navigate', stayOnApp as never)
  contents.on('will-redirect', stayOnApp as never)
  contents.on('will-attach-webview', ((event: NavigationEvent) => event.preventDefault()) as never)
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url, externalHosts)) openExternal(url)
    return { action: 'deny' }
  })
}

/**
 * The app needs no camera, microphone, notifications, clipboard reads…: every permission request
 * is refused, and every permission check (which Chromium makes without asking) answers "no".
 */
export function denyAllPermissions(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
}
