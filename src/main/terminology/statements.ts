// The terminology index's SQL, all of it: schema and the statements the service prepares (terminology layer).

import { isKnownSystem, systemKey, type KnownSystem } from './systems'

/** Version of the schema below; an index with another version is rebuilt. */
export const SCHEMA_VERSION = 7

// Row ids are assigned per release in order of title specificity (fewest words first), so an FTS5 match
// read in rowid order yields the most general titles first: a LIMIT keeps the best pool without
// bm25(), whose per-query IDF scan of every term's doclist costs tens of ms for words like "left".
// Code titles and index terms share one id sequence per system, interleaved by that same order, so
// one FTS5 table per system serves both and a pool mixes them fairly.
// Each system has its own contentless FTS5 table: a rowid bound does not stop an FTS5 scan, so a
// shared table made every query walk the other systems' postings too.
const FTS_TABLES: Readonly<Record<KnownSystem, string>> = {
  'ICD-10-CM': 'fts_icd10cm',
  'ICD-10-PCS': 'fts_icd10pcs',
  HCPCS: 'fts_hcpcs',
}

/** The FTS5 table of a system: fixed for built-in systems, `fts_c_<key>` for custom ones (key is [a-z0-9]). */
export function ftsTableOf(system: string): string {
  return isKnownSystem(system) ? FTS_TABLES[system] : `fts_c_${systemKey(system)}`
}

const CREATE_FTS = Object.values(FTS_TABLES)
  .map(
    (table) => `CREATE VIRTUAL TABLE IF NOT EXISTS ${table} USING fts5(
  terms, content = '', detail = 'none', tokenize = 'unicode61'
);`,
  )
  .join('\n')

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
  guidance TEXT,
  UNIQUE (system, code)
);
${CREATE_FTS}
CREATE TABLE IF NOT EXISTS index_terms (
  id INTEGER PRIMARY KEY,
  system TEXT NOT NULL,
  code TEXT NOT NULL,
  kind TEXT NOT NULL,
  text TEXT NOT NULL,
  terms TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS index_terms_system ON index_terms (system, code);
CREATE TABLE IF NOT EXISTS guidance (
  system TEXT NOT NULL,
  code TEXT NOT NULL,
  family TEXT NOT NULL,
  seq INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (system, code, family, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS term_docs (
  system TEXT NOT NULL,
  term TEXT NOT NULL,
  docs INTEGER NOT NULL,
  PRIMARY KEY (system, term)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS releases (
  system TEXT NOT NULL,
  release TEXT NOT NULL,
  version TEXT NOT NULL,
  source TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  codes INTEGER NOT NULL,
  billable INTEGER NOT NULL,
  headers INTEGER NOT NULL,
  index_terms INTEGER NOT NULL,
  imported_at TEXT NOT NULL,
  first_id INTEGER NOT NULL,
  last_id INTEGER NOT NULL,
  average_terms REAL NOT NULL,
  current INTEGER NOT NULL,
  PRIMARY KEY (system, release)
);
CREATE TABLE IF NOT EXISTS archived_codes (
  system TEXT NOT NULL,
  release TEXT NOT NULL,
  code TEXT NOT NULL,
  billable INTEGER NOT NULL,
  description TEXT NOT NULL,
  PRIMARY KEY (system, release, code)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS vector_cells (
  system TEXT NOT NULL,
  cell INTEGER NOT NULL,
  centroid BLOB NOT NULL,
  PRIMARY KEY (system, cell)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS definitions (
  system TEXT NOT NULL,
  code TEXT NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (system, code)
) WITHOUT ROWID;
`

export const SQL = {
  deleteSystemCodes: `DELETE FROM codes WHERE system = ?`,
  deleteSystemTermDocs: `DELETE FROM term_docs WHERE system = ?`,
  deleteSystemIndexTerms: `DELETE FROM index_terms WHERE system = ?`,
  deleteSystemGuidance: `DELETE FROM guidance WHERE system = ?`,
  nextId: `SELECT max(coalesce((SELECT max(id) FROM codes), 0),
    coalesce((SELECT max(id) FROM index_terms), 0)) + 1 AS id`,
  insertCode: `INSERT INTO codes
    (id, system, code, billable, short_description, description, parent, ancestors, terms, guidance)
    VALUES (@id, @system, @code, @billable, @short, @long, @parent, @ancestors, @terms, @guidance)`,
  insertIndexTerm: `INSERT INTO index_terms (id, system, code, kind, text, terms)
    VALUES (@id, @system, @code, @kind, @text, @terms)`,
  insertGuidance: `INSERT INTO guidance (system, code, family, seq, text) VALUES (?, ?, ?, ?, ?)`,
  systemIndexTerms: `SELECT code, kind, text FROM index_terms WHERE system = ? ORDER BY id`,
  systemGuidance: `SELECT code, family, text FROM guidance WHERE system = ? ORDER BY code, family, seq`,
  systemCodes: `SELECT code, billable, description FROM codes WHERE system = ?`,
  // Added to schema 6 without a version change (CREATE IF NOT EXISTS on every write open), so an
  // index built before keeps the releases imported into it.
  deleteSystemDefinitions: `DELETE FROM definitions WHERE system = ?`,
  insertDefinition: `INSERT OR REPLACE INTO definitions (system, code, text) VALUES (?, ?, ?)`,
  definition: `SELECT text FROM definitions WHERE system = ? AND code = ?`,
  insertTermDocs: `INSERT INTO term_docs (system, term, docs) VALUES (?, ?, ?)`,
  upsertRelease: `INSERT OR REPLACE INTO releases (system, release, version, source, sha256, codes,
    billable, headers, index_terms, imported_at, first_id, last_id, average_terms, current)
    VALUES (@system, @release, @version, @source, @sha256, @codes, @billable, @headers, @indexTerms,
    @importedAt, @firstId, @lastId, @averageTerms, 1)`,
  currentRelease: `SELECT release FROM releases WHERE system = ? AND current = 1`,
  retireReleases: `UPDATE releases SET current = 0 WHERE system = ? AND release <> ?`,
  archiveCodes: `INSERT OR REPLACE INTO archived_codes (system, release, code, billable, description)
    SELECT system, ?, code, billable, description FROM codes WHERE system = ?`,
  keptReleases: `SELECT release FROM releases WHERE system = ? AND current = 0 ORDER BY imported_at`,
  // The release current before the current one: every import makes its release current and
  // stamps it, so of the kept ones it is the one imported last.
  latestKeptRelease: `SELECT release FROM releases WHERE system = ? AND current = 0
    ORDER BY imported_at DESC LIMIT 1`,
  archivedCodes: `SELECT code, description FROM archived_codes WHERE system = ? AND release = ?`,
  deleteRelease: `DELETE FROM releases WHERE system = ? AND release = ? AND current = 0`,
  deleteArchivedCodes: `DELETE FROM archived_codes WHERE system = ? AND release = ?`,
  releaseRow: `SELECT current FROM releases WHERE system = ? AND release = ?`,
  listReleases: `SELECT system, release, version, source, sha256, codes, billable, headers,
    index_terms AS indexTerms, imported_at AS importedAt, current = 1 AS isCurrent FROM releases
    ORDER BY system, current DESC, imported_at DESC`,
  systemRanges: `SELECT system, first_id AS firstId, last_id AS lastId, average_terms AS averageTerms,
    codes + headers + index_terms AS rows FROM releases WHERE current = 1 ORDER BY system`,
  getMeta: `SELECT value FROM meta WHERE key = ?`,
  // Changes whenever another connection commits to the file.
  dataVersion: `PRAGMA data_version`,
  setMeta: `INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)`,
  termDocs: `SELECT docs FROM term_docs WHERE system = ? AND term = ?`,
  completions: `SELECT term, docs FROM term_docs WHERE system = ? AND term > ? AND term < ? || '~'
    ORDER BY docs DESC LIMIT ?`,
  // Ids from FTS5 first, rows after in one go: a join inside the FTS5 query costs ~10x more per row.
  // An id is either a code's own title or an index term leading to a code (via is then its text).
  codesByIds: `SELECT id, system, code, billable, description, ancestors, terms, guidance,
      NULL AS viaKind, NULL AS viaText FROM codes
    WHERE id IN (SELECT value FROM json_each(@ids))
    UNION ALL
    SELECT t.id, c.system, c.code, c.billable, c.description, c.ancestors, t.terms, c.guidance,
      t.kind AS viaKind, t.text AS viaText
    FROM index_terms t JOIN codes c ON c.system = t.system AND c.code = t.code
    WHERE t.id IN (SELECT value FROM json_each(@ids))`,
  byCodePrefix: `SELECT system, code, billable, description, ancestors, terms, guidance FROM codes
    WHERE system = ? AND code >= ? AND code < ? || '~' ORDER BY length(code), code LIMIT ?`,
} as const

/**
 * The plain full-text baseline (plainFts.ts): one in-memory FTS5 table of code names, default
 * tokenizer, ranked by FTS5's own bm25; no synonyms, stemming, abbreviations or re-ranking.
 */
export const PLAIN_FTS_SQL = {
  create: `CREATE VIRTUAL TABLE names USING fts5(code UNINDEXED, name, tokenize = 'unicode61')`,
  insert: `INSERT INTO names (code, name) VALUES (?, ?)`,
  search: `SELECT code FROM names WHERE names MATCH ? ORDER BY bm25(names) LIMIT ?`,
} as const

/**
 * The statements on one system's vector table (sqlite-vec vec0): an int8 embedding of each code
 * title, its row id the code's id, stored under its cell (vectorCells.ts) so a query scans only
 * the cells nearest to it. `dim` is the word vectors' dimension (an integer).
 */
export function vectorSql(system: string, dim = 0) {
  const table = ftsTableOf(system).replace(/^fts_/, 'vec_')
  return {
    drop: `DROP TABLE IF EXISTS ${table}`,
    create: `CREATE VIRTUAL TABLE ${table} USING vec0(
  cell INTEGER PARTITION KEY, embedding int8[${Math.floor(dim)}] distance_metric=cosine
)`,
    insert: `INSERT INTO ${table} (rowid, cell, embedding) VALUES (?, ?, vec_int8(?))`,
    // k applies within each cell listed: one call scans them all (each call costs ~0.2 ms).
    nearest: `SELECT rowid AS id, distance FROM ${table}
      WHERE embedding MATCH vec_int8(?) AND k = ? AND cell IN (SELECT value FROM json_each(?))`,
    deleteCells: `DELETE FROM vector_cells WHERE system = ?`,
    insertCell: `INSERT INTO vector_cells (system, cell, centroid) VALUES (?, ?, ?)`,
    cells: `SELECT cell, centroid FROM vector_cells WHERE system = ? ORDER BY cell`,
  } as const
}

/** The statements on one system's full-text table (its name comes from ftsTableOf, never raw input). */
export function ftsSql(system: string) {
  const table = ftsTableOf(system)
  return {
    create: `CREATE VIRTUAL TABLE IF NOT EXISTS ${table} USING fts5(
  terms, content = '', detail = 'none', tokenize = 'unicode61'
)`,
    clear: `INSERT INTO ${table} (${table}) VALUES ('delete-all')`,
    fill: `INSERT INTO ${table} (rowid, terms)
      SELECT id, terms FROM codes WHERE system = @system
      UNION ALL SELECT id, terms FROM index_terms WHERE system = @system ORDER BY 1`,
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
  /** Index terms and synonyms leading to the release's codes. */
  readonly indexTerms: number
  readonly importedAt: string
  /** False for an earlier release kept after a newer one was imported (until it is dropped). */
  readonly isCurrent: boolean
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
  /** Coding guidance as JSON (CodeGuidance), or null when the code has none. */
  readonly guidance: string | null
}
