// Builds better-sqlite3 for the runtime about to load it: Electron for `npm start`, Node for tests and
// the CLI. Native modules carry one ABI at a time; a marker file records which one is built.
// onnxruntime-node uses N-API (ABI-stable) and needs no rebuild.
import { execSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const runtime = process.argv[2] === 'electron' ? 'electron' : 'node'
const marker = 'node_modules/better-sqlite3/build/.runtime'
const built = existsSync(marker) ? readFileSync(marker, 'utf8') : 'node'
const electronVersion = () => require('electron/package.json').version
const wanted = runtime === 'electron' ? `electron-${electronVersion()}` : 'node'

if (built !== wanted) {
  const flags =
    runtime === 'electron'
      ? ` --runtime=electron --target=${electronVersion()} --dist-url=https://electronjs.org/headers`
      : ''
  console.error(`Rebuilding better-sqlite3 for ${wanted} (was ${built})`)
  execSync(`npm rebuild better-sqlite3 --build-from-source${flags}`, { stdio: 'inherit' })
  writeFileSync(marker, wanted)
}
