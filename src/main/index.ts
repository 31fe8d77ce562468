// Electron entry, read as a table of contents: security, services, IPC, window, menu (main layer).
// Each step lives in its own file; nothing here decides more than which file runs when.
import { app, ipcMain } from 'electron'
import { join } from 'node:path'
import { createHandlers } from './handlers'
import { registerIpc } from './ipc'
import { installMenu } from './menu'
import { enableSecurity } from './security'
import { createServices } from './services'
import { closeOnQuit, createDialogPlatform, createMainWindow, loadRenderer } from './window'

/** Set by `electron-vite dev`; absent in a built app. */
const devServerUrl = process.env['ELECTRON_RENDERER_URL'] ?? null
const built = import.meta.dirname
const userData = app.getPath('userData')
const rendererDir = join(built, '../renderer')

async function start(): Promise<void> {
  await app.whenReady()
  enableSecurity({ rendererDir, devServerUrl })
  const services = await createServices({
    projectDb: join(userData, 'project.sqlite'),
    terminologyDb: join(userData, 'terminology.sqlite'),
    resourcesDir: app.isPackaged
      ? join(process.resourcesPath, 'resources')
      : join(app.getAppPath(), 'resources'),
  })
  const window = createMainWindow(join(built, '../preload/index.cjs'))
  const platform = createDialogPlatform(window, app.getPath('documents'))
  registerIpc(ipcMain, createHandlers(services, platform), window)
  installMenu(window, devServerUrl !== null)
  closeOnQuit(services)
  await loadRenderer(window, { devServerUrl, indexHtml: join(rendererDir, 'index.html') })
}

app.enableSandbox()
// One instance per user: two processes writing one project database would race.
if (app.requestSingleInstanceLock()) void start()
else app.quit()
