/**
 * Electron main process: a thin shell. It opens one secure window, answers the file dialogs,
 * and hands the window's calls (shared/channels.ts) to the backend built by `createBackend`.
 * The security decisions live in web-security.ts and window-options.ts, tested under Node.
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  session,
  shell,
  type OpenDialogOptions,
  type SaveDialogOptions,
} from 'electron'
import { join } from 'node:path'
import { createBackend, type Backend } from '../backend/create-backend'
import type { AppSettings } from '../shared/contract'
import { appMenuTemplate } from './app-menu'
import { registerIpc } from './ipc'
import { spawnUtilityWorker } from './spawn-utility-worker'
import { denyAllPermissions, guardWebContents } from './web-security'
import { isAppUrl, secureWindowOptions } from './window-options'

const rendererFile = join(__dirname, '../renderer/index.html')
const rendererUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined
const isOurPage = (url: string) => isAppUrl(url, rendererUrl, rendererFile)
let mainWindow: BrowserWindow | undefined
let backend: Backend | undefined

function createWindow(): BrowserWindow {
  const window = new BrowserWindow(secureWindowOptions(join(__dirname, '../preload/index.js')))
  window.once('ready-to-show', () => window.show())
  if (rendererUrl) void window.loadURL(rendererUrl)
  else void window.loadFile(rendererFile)
  return window
}

// Tests and portable setups point the app at another library folder.
if (process.env.VOISIN_FORECAST_USER_DATA) app.setPath('userData', process.env.VOISIN_FORECAST_USER_DATA)
app.enableSandbox()
// Every web contents (the window's included, created before it loads) stays on the app page.
app.on('web-contents-created', (_event, contents) => {
  guardWebContents(contents, isOurPage, (url) => void shell.openExternal(url))
})

void app.whenReady().then(async () => {
  denyAllPermissions(session.defaultSession)
  backend = await createBackend({
    dataDir: app.getPath('userData'),
    workerEntry: join(__dirname, 'worker.js'),
    spawnWorker: spawnUtilityWorker,
    appVersion: app.getVersion(),
    // datasets the CLI or another window adds to the same library appear in the list
    watchLibrary: true,
    dialogs: {
      async openFiles(options) {
        const properties: OpenDialogOptions['properties'] = [
          options.folders ? 'openDirectory' : 'openFile',
          ...(options.multiple === false ? [] : (['multiSelections'] as const)),
        ]
        const dialogOptions: OpenDialogOptions = {
          title: options.title,
          // a folder dialog shows folders only: file filters do not apply
          filters: options.folders ? undefined : options.filters,
          properties,
        }
        const result = mainWindow
          ? await dialog.showOpenDialog(mainWindow, dialogOptions)
          : await dialog.showOpenDialog(dialogOptions)
        return result.canceled ? [] : result.filePaths
      },
      async saveFile(options) {
        const dialogOptions: SaveDialogOptions = {
          title: options.title,
          defaultPath: options.defaultName,
          filters: options.filters,
          properties: ['showOverwriteConfirmation', 'createDirectory'],
        }
        const result = mainWindow
          ? await dialog.showSaveDialog(mainWindow, dialogOptions)
          : await dialog.showSaveDialog(dialogOptions)
        return result.canceled || !result.filePath ? null : result.filePath
      },
    },
  })
  registerIpc(
    ipcMain,
    backend,
    (event) => isOurPage(event.senderFrame?.url ?? ''),
    () => mainWindow?.webContents,
  )
  // The application menu follows the settings (recent imports, theme); its commands go to the page.
  const running = backend
  const setMenu = (settings: AppSettings) => {
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        appMenuTemplate({
          platform: process.platform,
          appName: app.getName(),
          recent: settings.recentImports,
          theme: settings.theme,
          send: (command) => running.context.emit('app:command', command),
          clearRecent: () => void running.call('app:clearRecent', {}),
        }),
      ),
    )
    for (const path of settings.recentImports[0]?.paths ?? []) app.addRecentDocument(path)
  }
  const settings = await backend.call('app:settings', {})
  if (settings.ok) setMenu(settings.data)
  backend.onEvent((channel, payload) => {
    if (channel === 'app:settingsChanged') setMenu(payload as AppSettings)
  })
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
