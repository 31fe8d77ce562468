// Derives the compact shipped code sets (resources/terminology) from the official release files (build script).
// Usage: npm run terminology:build [-- --shared DIR] [--out DIR]; DIR defaults: $CODER_SHARED or ../shared.
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import {
  findIndexSources,
  readHcpcsWorkbook,
  parseOrderFile,
  readHpoJson,
  readIndexSources,
  writeResources,
  type ParsedRelease,
  type ResourceExtras,
} from '../src/main/terminology'

const SOURCES = [
  { file: 'terminology/icd10cm/icd10cm_order_2026.txt.gz', system: 'ICD-10-CM' },
  { file: 'terminology/icd10pcs/icd10pcs_order_2026.txt.gz', system: 'ICD-10-PCS' },
] as const

const HCPCS_SOURCE = 'terminology/hcpcs/HCPC2025_OCT_ANWEB.xlsx'
// HPO's licence allows redistribution with its acknowledgement and version (written into the
// manifest); names, exact and related synonyms and is-a parents are kept, definitions are not.
const HPO_SOURCE = 'terminology/hpo/hp.json.gz'

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { shared: { type: 'string' }, out: { type: 'string' } },
  })
  const shared = resolve(values.shared ?? process.env.CODER_SHARED ?? '../shared')
  const out = resolve(values.out ?? 'resources/terminology')
  mkdirSync(out, { recursive: true })
  const extras = new Map<string, ResourceExtras>()
  const releases: ParsedRelease[] = SOURCES.map(({ file, system }) => {
    const path = join(shared, file)
    process.stderr.write(`reading ${path}\n`)
    const release = parseOrderFile(path, system)
    if (system === 'ICD-10-CM') {
      const content = readIndexSources(findIndexSources(path), release)
      process.stderr.write(
        `${system} index: ${content.terms.length} terms, ${content.notes.length} notes from ` +
          `${content.sources.join(', ')}; FY2025 index codes brought to ${release.release}: ` +
          `${JSON.stringify(content.indexUpdate)}; other terms left out: ${content.unmappedOther}\n`,
      )
      extras.set(system, content)
    }
    return release
  })
  const hcpcsPath = join(shared, HCPCS_SOURCE)
  process.stderr.write(`reading ${hcpcsPath}\n`)
  const hcpcs = await readHcpcsWorkbook(hcpcsPath)
  process.stderr.write(
    `HCPCS: ${hcpcs.release.rows.length} codes kept; left out ${hcpcs.counts.modifiers} modifiers ` +
      `and ${hcpcs.counts.terminated} terminated codes\n`,
  )
  releases.push(hcpcs.release)
  const hpoPath = join(shared, HPO_SOURCE)
  process.stderr.write(`reading ${hpoPath}\n`)
  const hpo = readHpoJson(hpoPath)
  releases.push(hpo.release)
  extras.set(hpo.release.system, {
    terms: hpo.terms,
    notes: [],
    sources: [hpo.release.source],
    indexUpdate: null,
  })
  const manifest = writeResources(out, releases, extras)
  for (const entry of manifest.systems) {
    process.stderr.write(
      `${entry.system} ${entry.release}: ${entry.codes} codes, ${entry.headers} headers → ` +
        `${entry.file} (${entry.fileBytes} bytes)` +
        (entry.indexTerms
          ? `, ${entry.indexTerms.rows} index terms (${entry.indexTerms.fileBytes} bytes)`
          : '') +
        (entry.guidance
          ? `, ${entry.guidance.rows} notes (${entry.guidance.fileBytes} bytes)`
          : '') +
        '\n',
    )
  }
}

await main()
