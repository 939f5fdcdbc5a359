/// <reference types="vite/client" />
import type { Api } from '../../src-main/shared/contract'

declare global {
  interface Window {
    /** set by the preload (Electron) or the e2e harness (browser mode); absent otherwise */
    api?: Api
  }
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}
