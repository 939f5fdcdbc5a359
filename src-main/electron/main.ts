/**
 * Electron main process: a thin shell. It opens one secure window, answers the file dialog,
 * and hands every contract call to the backend built by `createBackend`.
 */
import { app, BrowserWindow, dialog, ipcMain, session, shell, type OpenDialogOptions } from 'electron'
import { join } from 'node:path'
import { createBackend, type Backend } from '../backend/create-backend'
import { registerIpc } from './ipc'
import { spawnUtilityWorker } from './spawn-utility-worker'
import { isAppUrl, secureWindowOptions } from './window-options'

const rendererFile = join(__dirname, '../renderer/index.html')
const rendererUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined
let mainWindow: BrowserWindow | undefined
let backend: Backend | undefined

function createWindow(): BrowserWindow {
  const window = new BrowserWindow(secureWindowOptions(join(__dirname, '../preload/index.js')))
  window.once('ready-to-show', () => window.show())
  // No navigation away from the app and no new windows; links to the web open in the browser.
  window.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, rendererUrl, rendererFile)) event.preventDefault()
  })
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url)
    return { action: 'deny' }
  })
  window.webContents.on('will-attach-webview', (event) => event.preventDefault())
  if (rendererUrl) void window.loadURL(rendererUrl)
  else void window.loadFile(rendererFile)
  return window
}

// Tests and portable setups point the app at another library folder.
if (process.env.VOISIN_FORECAST_USER_DATA) app.setPath('userData', process.env.VOISIN_FORECAST_USER_DATA)
app.enableSandbox()
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, rendererUrl, rendererFile)) event.preventDefault()
  })
})

void app.whenReady().then(async () => {
  // The app needs no camera, microphone, notifications…: refuse every permission request.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  backend = await createBackend({
    dataDir: app.getPath('userData'),
    workerEntry: join(__dirname, 'worker.js'),
    spawnWorker: spawnUtilityWorker,
    appVersion: app.getVersion(),
    dialogs: {
      async openFiles(options) {
        const properties: OpenDialogOptions['properties'] =
          options.multiple === false ? ['openFile'] : ['openFile', 'multiSelections']
        const dialogOptions: OpenDialogOptions = {
          title: options.title,
          filters: options.filters,
          properties,
        }
        const result = mainWindow
          ? await dialog.showOpenDialog(mainWindow, dialogOptions)
          : await dialog.showOpenDialog(dialogOptions)
        return result.canceled ? [] : result.filePaths
      },
    },
  })
  registerIpc(
    ipcMain,
    backend,
    (event) => isAppUrl(event.senderFrame?.url ?? '', rendererUrl, rendererFile),
    () => mainWindow?.webContents,
  )
  mainWindow = createWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow()
  })
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})

app.on('will-quit', () => {
  void backend?.close()
})
