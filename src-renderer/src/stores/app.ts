import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { AppInfo } from '../../../src-main/shared/contract'
import { api, isConnected, unwrap } from '../api/bridge'

/** App-wide state: backend connection and version information. */
export const useAppStore = defineStore('app', () => {
  const connected = ref(isConnected())
  const info = ref<AppInfo | null>(null)
  const error = ref<string | null>(null)

  async function load() {
    const bridge = api()
    connected.value = bridge !== undefined
    if (!bridge) return
    try {
      info.value = unwrap(await bridge.app.info({}))
    } catch (e) {
      error.value = (e as Error).message
    }
  }

  return { connected, info, error, load }
})
