// Preload: exposes exactly the typed contract as `window.api`, one channel per call or event name.
// Nothing else of Electron or Node reaches the page (contextIsolation + sandbox).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { formatError } from '../shared/errors'
import type { Api } from '../shared/ipc'
import { isCallName, isEventName } from '../shared/ipcNames'

const api: Api = {
  call: (name, request) =>
    isCallName(name)
      ? ipcRenderer.invoke(name, request)
      : Promise.resolve({
          ok: false,
          error: {
            code: 'E_INVALID_REQUEST',
            message: formatError('E_INVALID_REQUEST', {
              call: String(name),
              reason: 'unknown call',
            }),
          },
        }),
  on: (event, listener) => {
    if (!isEventName(event)) throw new Error(`Unknown event ${String(event)}`)
    // Only the payload crosses: the IPC event object (with its sender) stays in the preload.
    const forward = (_event: IpcRendererEvent, payload: Parameters<typeof listener>[0]) =>
      listener(payload)
    ipcRenderer.on(event, forward)
    return () => {
      ipcRenderer.removeListener(event, forward)
    }
  },
}

contextBridge.exposeInMainWorld('api', api)
