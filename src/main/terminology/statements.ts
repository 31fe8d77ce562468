// The terminology index's SQL, all of it: schema and the statements the service prepares (terminology layer).

import { KNOWN_SYSTEMS, type KnownSystem } from './systems'

/** Version of the schema below; an index with another version is rebuilt. */
export const SCHEMA_VERSION = 5

// Row ids are assigned per release in order of title specificity (fewest words first), so an FTS5 match
// read in rowid order yields the most general titles first: a LIMIT keeps the best pool without
// bm25(), whose per-query IDF scan of every term's doclist costs tens of ms for words like "left".
// Each system has its own contentless FTS5 table: a rowid bound does not stop an FTS5 scan, so a
// shared table made every query walk the other systems' postings too.
const FTS_TABLES: Readonly<Record<KnownSystem, string>> = {
  'ICD-10-CM': 'fts_icd10cm',
  'ICD-10-PCS': 'fts_icd10pcs',
}

const CREATE_FTS = KNOWN_SYSTEMS.map(
  (system) =>
    `CREATE VIRTUAL TABLE IF NOT EXISTS ${FTS_TABLES[system]} USING fts5(
  terms, content = '', detail = 'none', tokenize = 'unicode61'
);`,
).join('\n')

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS codes (
  id INTEGER PRIMARY KEY,
  system TEXT NOT NULL,
  code TEXT NOT NULL,
  billable INTEGER NOT NULL,
  short_description TEXT NOT NULL,
  description TEXT NOT NULL,
  parent TEXT,
  ancestors TEXT NOT NULL,
  terms TEXT NOT NULL,
  UNIQUE (system, code)
);
${CREATE_FTS}
CREATE TABLE IF NOT EXISTS term_docs (
  system TEXT NOT NULL,
  term TEXT NOT NULL,
  docs INTEGER NOT NULL,
  PRIMARY KEY (system, term)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS releases (
  system TEXT PRIMARY KEY,
  release TEXT NOT NULL,
  version TEXT NOT NULL,
  source TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  codes INTEGER NOT NULL,
  billable INTEGER NOT NULL,
  headers INTEGER NOT NULL,
  imported_at TEXT NOT NULL,
  first_id INTEGER NOT NULL,
  last_id INTEGER NOT NULL,
  average_terms REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`

export const SQL = {
  deleteSystemCodes: `DELETE FROM codes WHERE system = ?`,
  deleteSystemTermDocs: `DELETE FROM term_docs WHERE system = ?`,
  nextId: `SELECT coalesce(max(id), 0) + 1 AS id FROM codes`,
  insertCode: `INSERT INTO codes
    (id, system, code, billable, short_description, description, parent, ancestors, terms)
    VALUES (@id, @system, @code, @billable, @short, @long, @parent, @ancestors, @terms)`,
  insertTermDocs: `INSERT INTO term_docs (system, term, docs) VALUES (?, ?, ?)`,
  upsertRelease: `INSERT OR REPLACE INTO releases (system, release, version, source, sha256, codes,
    billable, headers, imported_at, first_id, last_id, average_terms)
    VALUES (@system, @release, @version, @source, @sha256, @codes, @billable, @headers, @importedAt,
    @firstId, @lastId, @averageTerms)`,
  listReleases: `SELECT system, release, version, source, sha256, codes, billable, headers,
    imported_at AS importedAt FROM releases ORDER BY system`,
  systemRanges: `SELECT system, first_id AS firstId, last_id AS lastId, average_terms AS averageTerms,
    codes + headers AS rows FROM releases ORDER BY system`,
  getMeta: `SELECT value FROM meta WHERE key = ?`,
  // Changes whenever another connection commits to the file.
  dataVersion: `PRAGMA data_version`,
  setMeta: `INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)`,
  termDocs: `SELECT docs FROM term_docs WHERE system = ? AND term = ?`,
  completions: `SELECT term, docs FROM term_docs WHERE system = ? AND term > ? AND term < ? || '~'
    ORDER BY docs DESC LIMIT ?`,
  // Ids from FTS5 first, rows after in one go: a join inside the FTS5 query costs ~10x more per row.
  codesByIds: `SELECT id, system, code, billable, description, ancestors, terms FROM codes
    WHERE id IN (SELECT value FROM json_each(?))`,
  byCodePrefix: `SELECT system, code, billable, description, ancestors, terms FROM codes
    WHERE system = ? AND code >= ? AND code < ? || '~' ORDER BY length(code), code LIMIT ?`,
} as const

/** The statements on one system's full-text table (its name comes from a fixed map, never from input). */
export function ftsSql(system: KnownSystem) {
  const table = FTS_TABLES[system]
  return {
    clear: `INSERT INTO ${table} (${table}) VALUES ('delete-all')`,
    fill: `INSERT INTO ${table} (rowid, terms) SELECT id, terms FROM codes WHERE system = ? ORDER BY id`,
    optimize: `INSERT INTO ${table} (${table}) VALUES ('optimize')`,
    matchIds: `SELECT rowid FROM ${table} WHERE ${table} MATCH ? LIMIT ?`,
  } as const
}

/** One row of the releases table. */
export interface ReleaseRecord {
  readonly system: string
  readonly release: string
  readonly version: string
  readonly source: string
  readonly sha256: string
  readonly codes: number
  readonly billable: number
  readonly headers: number
  readonly importedAt: string
}

/** Where a system's rows lie in the index, and what BM25 needs of it. */
export interface SystemRange {
  readonly system: string
  readonly firstId: number
  readonly lastId: number
  readonly averageTerms: number
  readonly rows: number
}

/** One row a match or code lookup returns. */
export interface CodeRow {
  readonly system: string
  readonly code: string
  readonly billable: 0 | 1
  readonly description: string
  /** Space-separated written codes, nearest first. */
  readonly ancestors: string
  /** Space-separated title stems (normalize.titleStems). */
  readonly terms: string
}
