// The renderer's one door to main: typed calls and events over `window.api` (renderer layer).
// The preload (Electron) or the loopback bridge shim (tests) installs `window.api`; nothing else reads it.
import type {
  Api,
  CallName,
  CallRequest,
  CallResponse,
  CallResult,
  EventName,
  Events,
} from '../../shared/ipc'

declare global {
  interface Window {
    readonly api?: Api
  }
}

const MISSING = {
  code: 'E_INTERNAL',
  message:
    'Internal error in the page: no app connection (window.api). Start it with the desktop app.',
} as const

/** Calls main; never throws, a failure comes back as `{ ok: false, error }`. */
export async function call<K extends CallName>(
  name: K,
  request: CallRequest<K>,
): Promise<CallResult<CallResponse<K>>> {
  const api = window.api
  if (!api) return { ok: false, error: MISSING }
  try {
    return await api.call(name, request)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return {
      ok: false,
      error: { code: 'E_INTERNAL', message: `Internal error in ${name}: ${reason}.` },
    }
  }
}

/** Subscribes to an event from main; returns the remover (call it on unmount). */
export function on<E extends EventName>(
  event: E,
  listener: (payload: Events[E]) => void,
): () => void {
  return window.api ? window.api.on(event, listener) : () => undefined
}
