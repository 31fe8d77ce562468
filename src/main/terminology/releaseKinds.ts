// Which release format a file is, from its name and, where names are not enough, its first bytes (terminology layer).
import { closeSync, openSync, readSync } from 'node:fs'
import { basename, extname } from 'node:path'
import { constants, gunzipSync } from 'node:zlib'
import { looksLikeOboGraph } from './hpoFile'

/**
 * What file an import reads: an official CMS order file, the HCPCS workbook, a custom CSV, HPO's
 * hp.json, a SNOMED CT RF2 Snapshot file, RxNorm's RRF files, or LOINC's Loinc.csv.
 */
export type ReleaseFileKind = 'order' | 'hcpcs' | 'csv' | 'hpo' | 'snomed' | 'rxnorm' | 'loinc'

const HEAD_BYTES = 4096
const SNOMED_NAME = /^sct2_(?:Concept|Description|Relationship)_Snapshot/i
const RXNORM_NAME = /^RXN(?:CONSO|REL|SAT)\.RRF$/i
// The first columns of an RF2 concept file, as SNOMED International publishes them.
const RF2_CONCEPT_HEADER = 'id\teffectiveTime\tactive\tmoduleId\tdefinitionStatusId'

/** The kind of release file a path is: by name (.xlsx, sct2_…, RXN….RRF), else by its first bytes. */
export function releaseFileKind(path: string): ReleaseFileKind {
  const name = basename(path)
  const extension = extname(name.replace(/\.gz$/i, '')).toLowerCase()
  if (extension === '.xlsx') return 'hcpcs'
  if (SNOMED_NAME.test(name)) return 'snomed'
  if (RXNORM_NAME.test(name)) return 'rxnorm'
  const head = readHead(path)
  if (extension === '.csv') return /(^|[,"])LOINC_NUM[",]/.test(head) ? 'loinc' : 'csv'
  if (looksLikeOboGraph(head)) return 'hpo'
  if (head.replace(/^\uFEFF/, '').startsWith(RF2_CONCEPT_HEADER)) return 'snomed'
  return 'order'
}

// The first few KiB as text (gunzipped when gzip); '' when unreadable: the reader reports why.
function readHead(path: string): string {
  let bytes: Buffer
  try {
    const fd = openSync(path, 'r')
    try {
      bytes = Buffer.alloc(HEAD_BYTES)
      bytes = bytes.subarray(0, readSync(fd, bytes, 0, HEAD_BYTES, 0))
    } finally {
      closeSync(fd)
    }
  } catch {
    return ''
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      // A partial stream: flush what inflates instead of failing at its (missing) end.
      bytes = gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH })
    } catch {
      return ''
    }
  }
  return bytes.toString('utf8')
}
