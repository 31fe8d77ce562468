// The main window of the Electron shell, and the native dialogs it offers the handlers (the Platform).
import { app, BrowserWindow, dialog } from 'electron'
import { join } from 'node:path'
import type { Platform } from './handlers'
import { sendEvent } from './ipc'
import { secureWebPreferences } from './security'

/** Where the page comes from: the dev server in development, else the built index.html. */
export interface RendererSource {
  readonly devServerUrl: string | null
  readonly indexHtml: string
}

/** Creates the hidden main window; it shows itself once the page has painted. */
export function createMainWindow(preloadPath: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Clinical Coder',
    backgroundColor: '#f6f7f9',
    webPreferences: secureWebPreferences(preloadPath),
  })
  window.once('ready-to-show', () => window.show())
  return window
}

/** Loads the page into the window. */
export async function loadRenderer(window: BrowserWindow, source: RendererSource): Promise<void> {
  if (source.devServerUrl) await window.loadURL(source.devServerUrl)
  else await window.loadFile(source.indexHtml)
}

/** The native file dialogs, as the handlers' Platform: notes to open, a path to export to. */
export function createDialogPlatform(window: BrowserWindow, defaultDir: string): Platform {
  return {
    canPickFiles: true,
    async pickNotes() {
      const picked = await dialog.showOpenDialog(window, {
        title: 'Open notes',
        properties: ['openFile', 'multiSelections'],
        filters: [{ name: 'Notes', extensions: ['txt', 'md'] }],
      })
      return picked.canceled ? [] : picked.filePaths
    },
    async pickRelease(kind) {
      const picked = await dialog.showOpenDialog(window, {
        title: kind === 'file' ? 'Import a terminology release file' : 'Import a release folder',
        properties: [kind === 'file' ? 'openFile' : 'openDirectory'],
      })
      return picked.canceled ? null : (picked.filePaths[0] ?? null)
    },
    async pickExportPath(defaultName, format) {
      const picked = await dialog.showSaveDialog(window, {
        title: 'Export coded summary',
        defaultPath: join(defaultDir, defaultName),
        filters: [{ name: format.toUpperCase(), extensions: [format] }],
      })
      return picked.canceled || !picked.filePath ? null : picked.filePath
    },
    notify: (event, payload) => sendEvent(window, event, payload),
  }
}

/** Quits when the window closes, and closes the services (databases, worker pool) before exiting. */
export function closeOnQuit(services: { close(): Promise<void> }): void {
  let isClosed = false
  app.on('window-all-closed', () => app.quit())
  app.on('will-quit', (event) => {
    if (isClosed) return
    event.preventDefault()
    void services.close().finally(() => {
      isClosed = true
      app.quit()
    })
  })
}
