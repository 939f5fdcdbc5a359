/**
 * The only bridge between the sandboxed renderer and the app: one frozen `window.api` object
 * built from the contract (api.<domain>.<action>, api.on.<domain>.<event>). No Node, no ipcRenderer.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron'
import { buildApi } from '../shared/api-builder'
import { callChannels, eventChannels } from '../shared/contract'

const api = buildApi(
  callChannels,
  eventChannels,
  (channel, request) => ipcRenderer.invoke(channel, request),
  (channel, listener) => {
    const handler = (_event: unknown, payload: unknown) => listener(payload)
    ipcRenderer.on(channel, handler)
    return () => ipcRenderer.removeListener(channel, handler)
  },
)

// Drag and drop: a dropped File has no path in a sandboxed page; Electron resolves it here.
api.pathForFile = (file: File) => webUtils.getPathForFile(file)

contextBridge.exposeInMainWorld('api', api)
