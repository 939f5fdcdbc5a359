import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { AppInfo, AppSettings, MenuCommand, Theme } from '../../../src-main/shared/contract'
import { api, isConnected, unwrap } from '../api/bridge'

/** Puts the theme on the page: `data-theme` on <html> (base.css), or none to follow the system. */
export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
  if (theme === 'system') delete root.dataset.theme
  else root.dataset.theme = theme
}

/**
 * App-wide state: backend connection and version information, the settings kept in the library
 * (theme, recent imports), the application menu's commands, and a cancel signal (Esc) that open
 * dialogs and confirmations listen to.
 */
export const useAppStore = defineStore('app', () => {
  const connected = ref(isConnected())
  const info = ref<AppInfo | null>(null)
  const error = ref<string | null>(null)
  const settings = ref<AppSettings>({ theme: 'system', recentImports: [] })
  /** counts Esc presses: a dialog watching it closes */
  const cancelSignal = ref(0)
  const commandHandlers = new Set<(command: MenuCommand) => void>()
  let subscribed = false

  function useSettings(next: AppSettings) {
    settings.value = next
    applyTheme(next.theme)
  }

  async function load() {
    const bridge = api()
    connected.value = bridge !== undefined
    if (!bridge) return
    if (!subscribed) {
      subscribed = true
      bridge.on.app?.settingsChanged(useSettings)
      bridge.on.app?.command((command) => {
        for (const handler of commandHandlers) handler(command)
      })
    }
    try {
      info.value = unwrap(await bridge.app.info({}))
      useSettings(unwrap(await bridge.app.settings({})))
    } catch (e) {
      error.value = (e as Error).message
    }
  }

  async function setTheme(theme: Theme) {
    applyTheme(theme) // at once, whatever the backend answers
    const bridge = api()
    if (!bridge) return
    try {
      useSettings(unwrap(await bridge.app.updateSettings({ theme })))
    } catch (e) {
      error.value = (e as Error).message
    }
  }

  async function clearRecent() {
    const bridge = api()
    if (!bridge) return
    try {
      useSettings(unwrap(await bridge.app.clearRecent({})))
    } catch (e) {
      error.value = (e as Error).message
    }
  }

  /** Runs `handler` for every application-menu command; returns a function that stops it. */
  function onCommand(handler: (command: MenuCommand) => void): () => void {
    commandHandlers.add(handler)
    return () => commandHandlers.delete(handler)
  }

  function cancel() {
    cancelSignal.value++
  }

  return { connected, info, error, settings, cancelSignal, load, setTheme, clearRecent, onCommand, cancel }
})
