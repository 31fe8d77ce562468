// Build configuration of the three Electron entries (main, preload, renderer); the web test bridge
// reuses `rendererConfig` so the page under test is built exactly like the app's.
import { resolve } from 'node:path'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'electron-vite'
import type { Plugin, UserConfig } from 'vite'

const root = import.meta.dirname

/**
 * The dev server needs inline styles (hot-reloaded CSS) and its own websocket; production keeps the
 * strict policy written in index.html. Applies to `electron-vite dev` only.
 */
const devCsp: Plugin = {
  name: 'clinical-coder:dev-csp',
  apply: 'serve',
  transformIndexHtml: (html) =>
    html
      .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
      .replace("connect-src 'none'", "connect-src 'self' ws://localhost:* ws://127.0.0.1:*"),
}

/** The renderer's Vite config: the Vue app under src/renderer, no inline scripts, no remote assets. */
export const rendererConfig: UserConfig = {
  root: resolve(root, 'src/renderer'),
  base: './',
  plugins: [vue(), devCsp],
  build: {
    // The preload polyfill is an inline script; our CSP refuses inline scripts.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
}

export default defineConfig({
  main: {
    build: {
      // Every dependency stays in node_modules: better-sqlite3 and onnxruntime-node load native
      // binaries, and piscina and the release importer start their workers' files by path.
      externalizeDeps: true,
      rolldownOptions: {
        input: {
          index: resolve(root, 'src/main/index.ts'),
          codingWorker: resolve(root, 'src/main/codingWorker.ts'),
          releaseImportWorker: resolve(root, 'src/main/releaseImportWorker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot require() packages, so zod (via the contract) is bundled in.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        // Sandboxed preloads run as classic scripts: CommonJS only.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: rendererConfig,
})
