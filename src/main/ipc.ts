// IPC door of the Electron shell: every contract call passes one wrapper (sender, schema, handler, result).
// Electron is imported for types only, so the web test bridge reuses `dispatchCall` without Electron.
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron'
import { ZodError } from 'zod'
import { formatError, toErrorData, type ErrorData } from '../shared/errors'
import {
  CALL_NAMES,
  isCallName,
  parseRequest,
  type CallName,
  type CallResult,
  type EventName,
  type Events,
  type Handlers,
} from '../shared/ipc'

function invalid(call: string, reason: string): ErrorData {
  return { code: 'E_INVALID_REQUEST', message: formatError('E_INVALID_REQUEST', { call, reason }) }
}

/** One line naming the first bad field, e.g. "paths: expected array, received string". */
function describeZodError(error: ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'malformed request'
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''
  return `${where}${issue.message}`
}

/**
 * Runs one call: checks the name and the request against the contract, then the handler.
 * Never throws; every failure becomes `{ ok: false, error }` with a catalogue code.
 */
export async function dispatchCall(
  handlers: Handlers,
  name: unknown,
  request: unknown,
): Promise<CallResult<unknown>> {
  if (!isCallName(name)) return { ok: false, error: invalid(String(name), 'unknown call') }
  let parsed: unknown
  try {
    parsed = parseRequest(name, request)
  } catch (error) {
    const reason = error instanceof ZodError ? describeZodError(error) : 'malformed request'
    return { ok: false, error: invalid(name, reason) }
  }
  try {
    const handler = handlers[name] as (request: unknown) => Promise<unknown>
    return { ok: true, value: await handler(parsed) }
  } catch (error) {
    return { ok: false, error: toErrorData(error, name) }
  }
}

/** True only for the top frame of our own window: sub-frames and other windows are refused. */
function isFromWindow(event: IpcMainInvokeEvent, window: BrowserWindow): boolean {
  return (
    !window.isDestroyed() &&
    event.sender === window.webContents &&
    event.senderFrame === window.webContents.mainFrame
  )
}

/** Registers one channel per contract call (the channel is the call name); returns the unregister. */
export function registerIpc(
  ipcMain: IpcMain,
  handlers: Handlers,
  window: BrowserWindow,
): () => void {
  for (const name of CALL_NAMES) {
    ipcMain.handle(name, (event, request: unknown) =>
      isFromWindow(event, window)
        ? dispatchCall(handlers, name, request)
        : Promise.resolve({ ok: false, error: invalid(name, 'refused: not from the app window') }),
    )
  }
  return () => CALL_NAMES.forEach((name: CallName) => ipcMain.removeHandler(name))
}

/** Pushes a typed event to the window's page (the channel is the event name). */
export function sendEvent<E extends EventName>(
  window: BrowserWindow,
  event: E,
  payload: Events[E],
): void {
  if (!window.isDestroyed()) window.webContents.send(event, payload)
}
