// The loopback test bridge (CLI layer): serves the built renderer on 127.0.0.1 and the IPC contract
// over a WebSocket, through the same `dispatchCall` the Electron shell uses. Loopback clients only.
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { WebSocketServer, type WebSocket } from 'ws'
import { z } from 'zod'
import type { EventName, Events, Handlers } from '../shared/ipc'
import type { Platform } from '../main/handlers'
import { dispatchCall } from '../main/ipc'
import { SHIM_PATH, SHIM_SOURCE, SOCKET_PATH } from './webBridgeShim'

export interface WebBridgeOptions {
  /** Folder of the built renderer (index.html and assets/). */
  readonly webRoot: string
  readonly handlers: Handlers
  /** 0 picks any free port. */
  readonly port: number
}

export interface WebBridge {
  /** `http://127.0.0.1:PORT/` */
  readonly url: string
  readonly port: number
  /** Pushes an event to every connected page. */
  emit<E extends EventName>(event: E, payload: Events[E]): void
  close(): Promise<void>
}

const HOST = '127.0.0.1'
const MAX_MESSAGE_BYTES = 1024 * 1024

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
}

const message = z.object({ id: z.number().int(), name: z.string(), request: z.unknown() }).strict()

/**
 * The test bridge's Platform: no file dialog (the page imports releases by path instead); exports
 * go to `exportDir` under their default name.
 */
export function createWebPlatform(exportDir: string, notify: Platform['notify']): Platform {
  return {
    canPickFiles: false,
    pickNotes: async () => [],
    pickExportPath: async (defaultName) => join(exportDir, defaultName),
    pickRelease: async () => null,
    notify,
  }
}

/**
 * Rewrites the built index.html for the bridge: connect-src allows exactly this bridge's socket,
 * and the shim script runs before the app's module script (classic scripts run first).
 */
export function injectBridge(html: string, port: number): string {
  const csp = /connect-src 'none'/
  if (!csp.test(html) || !html.includes('</head>')) {
    throw new Error('index.html lacks the CSP meta or </head>: rebuild the renderer')
  }
  return html
    .replace(csp, `connect-src ws://${HOST}:${port}`)
    .replace('</head>', `  <script src="${SHIM_PATH}"></script>\n  </head>`)
}

function isLoopback(socket: Socket): boolean {
  const address = socket.remoteAddress ?? ''
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1'
}

/** Refuses other hosts (DNS rebinding) and non-loopback peers before anything is served. */
function isOwnRequest(request: IncomingMessage, port: number): boolean {
  return isLoopback(request.socket) && request.headers.host === `${HOST}:${port}`
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer): void {
  response.writeHead(status, {
    'Content-Type': type,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  })
  response.end(body)
}

async function serveFile(root: string, pathname: string, response: ServerResponse): Promise<void> {
  const file = normalize(join(root, decodeURIComponent(pathname)))
  if (!file.startsWith(root + sep)) return send(response, 403, 'text/plain', 'Forbidden')
  const info = await stat(file).catch(() => null)
  if (!info?.isFile()) return send(response, 404, 'text/plain', 'Not found')
  response.writeHead(200, {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  })
  createReadStream(file).pipe(response)
}

function connect(socket: WebSocket, handlers: Handlers): void {
  socket.on('message', async (data) => {
    const parsed = message.safeParse(safeJson(data.toString()))
    if (!parsed.success) return socket.close(1008, 'malformed message')
    const result = await dispatchCall(handlers, parsed.data.name, parsed.data.request)
    if (socket.readyState === socket.OPEN)
      socket.send(JSON.stringify({ id: parsed.data.id, result }))
  })
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

/** Starts the bridge on 127.0.0.1; resolves once it listens. */
export async function startWebBridge(options: WebBridgeOptions): Promise<WebBridge> {
  const root = resolve(options.webRoot)
  let port = options.port
  const index = injectBridgeLater(root)
  const server = createServer((request, response) => {
    if (!isOwnRequest(request, port)) return send(response, 403, 'text/plain', 'Forbidden')
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return send(response, 405, 'text/plain', 'Method not allowed')
    }
    const pathname = new URL(request.url ?? '/', `http://${HOST}`).pathname
    if (pathname === SHIM_PATH) return send(response, 200, TYPES['.js'] as string, SHIM_SOURCE)
    if (pathname === '/' || pathname === '/index.html') {
      return void index(port).then(
        (html) => send(response, 200, TYPES['.html'] as string, html),
        (error: Error) => send(response, 500, 'text/plain', error.message),
      )
    }
    void serveFile(root, pathname, response)
  })
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })
  server.on('upgrade', (request, socket, head) => {
    const pathname = new URL(request.url ?? '/', `http://${HOST}`).pathname
    const isOwnPage = request.headers.origin === `http://${HOST}:${port}`
    if (!isOwnRequest(request, port) || !isOwnPage || pathname !== SOCKET_PATH) {
      socket.destroy()
      return
    }
    sockets.handleUpgrade(request, socket, head, (ws) => connect(ws, options.handlers))
  })
  await new Promise<void>((done, fail) => {
    server.once('error', fail)
    server.listen(options.port, HOST, () => done())
  })
  port = (server.address() as AddressInfo).port
  return {
    url: `http://${HOST}:${port}/`,
    port,
    emit(event, payload) {
      const text = JSON.stringify({ event, payload })
      for (const client of sockets.clients) client.send(text)
    },
    async close() {
      for (const client of sockets.clients) client.terminate()
      await new Promise<void>((done) => sockets.close(() => done()))
      server.closeAllConnections()
      await new Promise<void>((done) => server.close(() => done()))
    },
  }
}

/** Reads index.html once and injects the bridge for the port known once listening. */
function injectBridgeLater(root: string): (port: number) => Promise<string> {
  let html: Promise<string> | null = null
  return (port) => {
    html ??= readFile(join(root, 'index.html'), 'utf8')
    return html.then((text) => injectBridge(text, port))
  }
}
