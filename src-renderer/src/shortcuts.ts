/**
 * The app's keyboard shortcuts, as a plain function of a key event (tested without a page):
 * Ctrl/Cmd+O opens files, Ctrl/Cmd+1…9 switch to the nth area, Esc cancels a dialog. The
 * application menu shows the same accelerators (src-main/electron/app-menu.ts) without taking
 * the keys, so the page handles them the same way in Electron and in a browser.
 */
export type Shortcut = { kind: 'open-files' } | { kind: 'area'; index: number } | { kind: 'cancel' }

export interface KeyPress {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  shiftKey: boolean
  altKey: boolean
}

/** The shortcut a key press means, or null. `mac`: Cmd is the command key there, Ctrl elsewhere. */
export function shortcutFor(event: KeyPress, mac: boolean): Shortcut | null {
  if (event.key === 'Escape' && !event.ctrlKey && !event.metaKey && !event.altKey) return { kind: 'cancel' }
  const command = mac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey
  if (!command || event.altKey || event.shiftKey) return null
  if (event.key === 'o' || event.key === 'O') return { kind: 'open-files' }
  if (/^[1-9]$/.test(event.key)) return { kind: 'area', index: Number(event.key) - 1 }
  return null
}

/** "Ctrl+O" or "⌘O", for hints next to what the shortcut does. */
export function shortcutLabel(key: string, mac: boolean): string {
  return mac ? `⌘${key}` : `Ctrl+${key}`
}

export const isMac = (): boolean => /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent)
