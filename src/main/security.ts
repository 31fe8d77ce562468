// Window hardening of the Electron shell: isolation, sandbox, no navigation, popups, permissions or
// requests beyond our own files, and the strict content security policy.
import { app, session, type WebContents, type WebPreferences } from 'electron'
import { pathToFileURL } from 'node:url'

/** The production policy: nothing remote, no inline script or style, no connections at all. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "font-src 'self'; connect-src 'none'; base-uri 'none'; form-action 'none'"

/** Where our page may load from: the built renderer folder, or the dev server in development. */
export interface TrustedOrigins {
  readonly rendererDir: string
  readonly devServerUrl: string | null
}

/** Web preferences of every window we open; Node stays out of the page. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    spellcheck: false,
  }
}

/** True for a URL the app may request: its own renderer files, the dev server, or inline data. */
export function isTrustedUrl(url: string, origins: TrustedOrigins): boolean {
  if (url.startsWith('data:') || url.startsWith('devtools:')) return true
  const rendererRoot = pathToFileURL(origins.rendererDir).href.replace(/\/?$/, '/')
  if (url.startsWith(rendererRoot)) return true
  if (!origins.devServerUrl) return false
  const dev = new URL(origins.devServerUrl)
  const target = parseUrl(url)
  // The dev server's hot-reload socket shares its host and port.
  return target !== null && target.host === dev.host && ['http:', 'ws:'].includes(target.protocol)
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}

function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault())
  contents.on('will-redirect', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
}

/** Applies every rule; call once before the first window is created (after app ready). */
export function enableSecurity(origins: TrustedOrigins): void {
  app.on('web-contents-created', (_event, contents) => hardenContents(contents))
  const defaultSession = session.defaultSession
  defaultSession.setPermissionRequestHandler((_contents, _permission, grant) => grant(false))
  defaultSession.setPermissionCheckHandler(() => false)
  defaultSession.webRequest.onBeforeRequest((details, respond) =>
    respond({ cancel: !isTrustedUrl(details.url, origins) }),
  )
  if (!origins.devServerUrl) {
    defaultSession.webRequest.onHeadersReceived((details, respond) =>
      respond({
        responseHeaders: {
          ...details.responseHeaders,
          'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
        },
      }),
    )
  }
}
