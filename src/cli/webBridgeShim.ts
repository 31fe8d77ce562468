// The browser half of the loopback test bridge: a classic script that installs `window.api` over a
// WebSocket, so the page under test is the real page (CLI layer; served only by `npm run web`).

/** Path the bridge serves the shim on, and the path of its WebSocket. */
export const SHIM_PATH = '/__bridge/shim.js'
export const SOCKET_PATH = '/__bridge/ws'

/**
 * Plain ES2020 for the page, kept as text because it runs in the browser, not here. It mirrors
 * src/preload/index.ts: `call` resolves to a CallResult (never rejects), `on` returns its remover.
 */
export const SHIM_SOURCE = `'use strict'
;(() => {
  const socket = new WebSocket('ws://' + location.host + '${SOCKET_PATH}')
  const pending = new Map()
  const listeners = new Map()
  let nextId = 1
  const lost = (reason) => ({
    ok: false,
    error: {
      code: 'E_INTERNAL',
      message: 'Internal error in the test bridge: ' + reason + '. Restart npm run web and reload.',
    },
  })
  const opened = new Promise((resolve) => {
    socket.addEventListener('open', () => resolve(true))
    socket.addEventListener('error', () => resolve(false))
  })
  socket.addEventListener('message', (message) => {
    const data = JSON.parse(message.data)
    if (typeof data.id === 'number') {
      const resolve = pending.get(data.id)
      pending.delete(data.id)
      if (resolve) resolve(data.result)
    } else if (typeof data.event === 'string') {
      for (const listener of listeners.get(data.event) || []) listener(data.payload)
    }
  })
  socket.addEventListener('close', () => {
    for (const resolve of pending.values()) resolve(lost('connection closed'))
    pending.clear()
  })
  const api = {
    async call(name, request) {
      if (!(await opened) || socket.readyState !== WebSocket.OPEN) return lost('no connection')
      const id = nextId++
      return new Promise((resolve) => {
        pending.set(id, resolve)
        socket.send(JSON.stringify({ id, name, request }))
      })
    },
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set())
      listeners.get(event).add(listener)
      return () => listeners.get(event).delete(listener)
    },
  }
  Object.defineProperty(window, 'api', { value: Object.freeze(api), enumerable: true })
})()
`
