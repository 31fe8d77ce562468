// Derives the compact shipped code sets (resources/terminology) from the official CMS order files (build script).
// Usage: npm run terminology:build [-- --shared DIR] [--out DIR]; DIR defaults: $CODER_SHARED or ../shared.
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { parseOrderFile, writeResources } from '../src/main/terminology'

const SOURCES = [
  { file: 'terminology/icd10cm/icd10cm_order_2026.txt.gz', system: 'ICD-10-CM' },
  { file: 'terminology/icd10pcs/icd10pcs_order_2026.txt.gz', system: 'ICD-10-PCS' },
] as const

function main(): void {
  const { values } = parseArgs({
    options: { shared: { type: 'string' }, out: { type: 'string' } },
  })
  const shared = resolve(values.shared ?? process.env.CODER_SHARED ?? '../shared')
  const out = resolve(values.out ?? 'resources/terminology')
  mkdirSync(out, { recursive: true })
  const releases = SOURCES.map(({ file, system }) => {
    process.stderr.write(`reading ${join(shared, file)}\n`)
    return parseOrderFile(join(shared, file), system)
  })
  const manifest = writeResources(out, releases)
  for (const entry of manifest.systems) {
    process.stderr.write(
      `${entry.system} ${entry.release}: ${entry.codes} codes, ${entry.headers} headers → ` +
        `${entry.file} (${entry.fileBytes} bytes)\n`,
    )
  }
}

main()
