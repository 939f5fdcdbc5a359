/**
 * The only bridge between the sandboxed renderer and the app: one frozen `window.api` object
 * with exactly the renderer's calls (shared/channels.ts: api.<domain>.<action>,
 * api.on.<domain>.<event>) and the drag-and-drop helper. No Node, no ipcRenderer, no zod: values
 * come only from the zod-free channels.ts (the build guard in src-main/build/ checks the bundle).
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron'
import { buildApi } from '../shared/api-builder'
import { eventChannels, rendererCalls } from '../shared/channels'
import { grantDroppedFiles } from './dropped-files'

const api = buildApi(
  rendererCalls,
  eventChannels,
  (channel, request) => ipcRenderer.invoke(channel, request),
  (channel, listener) => {
    const handler = (_event: unknown, payload: unknown) => listener(payload)
    ipcRenderer.on(channel, handler)
    return () => ipcRenderer.removeListener(channel, handler)
  },
)

// Drag and drop: a dropped File has no path in a sandboxed page; the preload resolves it and the
// main process hands back tokens, so paths never pass through the page.
api.grantDroppedFiles = (files: unknown) =>
  grantDroppedFiles(
    files,
    (file) => webUtils.getPathForFile(file),
    (channel, request) => ipcRenderer.invoke(channel, request),
  )

contextBridge.exposeInMainWorld('api', api)
