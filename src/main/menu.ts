// The application menu of the Electron shell: File ▸ Open…, Export…, Quit, sent to the page as events.
import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron'
import { sendEvent } from './ipc'

/** Installs the menu; Open… and Export… become `menu.command` events the page acts on. */
export function installMenu(window: BrowserWindow, isDev: boolean): void {
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      {
        label: 'Open…',
        accelerator: 'CmdOrCtrl+O',
        click: () => sendEvent(window, 'menu.command', { command: 'open' }),
      },
      {
        label: 'Export…',
        accelerator: 'CmdOrCtrl+E',
        click: () => sendEvent(window, 'menu.command', { command: 'export' }),
      },
      { type: 'separator' },
      { role: 'quit' },
    ],
  }
  const edit: MenuItemConstructorOptions = { role: 'editMenu' }
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: isDev
      ? [
          { role: 'reload' },
          { role: 'toggleDevTools' },
          { type: 'separator' },
          { role: 'resetZoom' },
          { role: 'zoomIn' },
          { role: 'zoomOut' },
        ]
      : [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }],
  }
  Menu.setApplicationMenu(Menu.buildFromTemplate([file, edit, view]))
}
