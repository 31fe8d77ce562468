// Versioned schema of the project database (store layer): each migration runs once, in order,
// and PRAGMA user_version records the last one applied.
import type { Database } from 'better-sqlite3'

export interface Migration {
  readonly version: number
  readonly name: string
  readonly sql: string
}

/** Marks a file as ours ("CCdr"), so a terminology index or another app's file is refused. */
export const APPLICATION_ID = 0x43436472

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL,
        name TEXT NOT NULL,
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        text TEXT NOT NULL,
        encoding TEXT NOT NULL,
        sections TEXT NOT NULL CHECK (json_valid(sections)),
        added_at TEXT NOT NULL,
        UNIQUE (path, sha256)
      );

      CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents (id),
        started_at TEXT NOT NULL,
        finished_at TEXT,
        mode TEXT NOT NULL CHECK (mode IN ('fast', 'accurate')),
        models TEXT NOT NULL CHECK (json_valid(models)),
        status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed'))
      );
      CREATE INDEX runs_by_document ON runs (document_id, id);

      -- Enumerated columns are CHECKed, so rows read back need no second validation.
      -- No text column: a chunk's text is read from its document by offsets (UTF-16, end excluded).
      CREATE TABLE chunks (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs (id),
        chunk_key TEXT NOT NULL,
        start_offset INTEGER NOT NULL CHECK (start_offset >= 0),
        end_offset INTEGER NOT NULL CHECK (end_offset >= start_offset),
        label TEXT NOT NULL,
        confidence REAL NOT NULL,
        assertion TEXT NOT NULL CHECK (assertion IN
          ('present', 'absent', 'possible', 'hypothetical', 'historical', 'family')),
        cue_start INTEGER,
        cue_end INTEGER,
        cue_text TEXT,
        CHECK ((cue_start IS NULL) = (cue_end IS NULL) AND (cue_end IS NULL) = (cue_text IS NULL)),
        UNIQUE (run_id, chunk_key)
      );

      CREATE TABLE relations (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs (id),
        head_key TEXT NOT NULL,
        tail_key TEXT NOT NULL,
        type TEXT NOT NULL,
        confidence REAL NOT NULL,
        model TEXT NOT NULL CHECK (model IN ('fast', 'accurate')),
        FOREIGN KEY (run_id, head_key) REFERENCES chunks (run_id, chunk_key),
        FOREIGN KEY (run_id, tail_key) REFERENCES chunks (run_id, chunk_key)
      );
      CREATE INDEX relations_by_run ON relations (run_id);

      CREATE TABLE enriched (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs (id),
        chunk_key TEXT NOT NULL,
        modifiers TEXT NOT NULL CHECK (json_valid(modifiers)),
        text TEXT NOT NULL,
        FOREIGN KEY (run_id, chunk_key) REFERENCES chunks (run_id, chunk_key)
      );
      CREATE INDEX enriched_by_run ON enriched (run_id);

      CREATE TABLE suggestions (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs (id),
        chunk_key TEXT NOT NULL,
        basis TEXT NOT NULL CHECK (basis IN ('base', 'enriched')),
        system TEXT NOT NULL,
        code TEXT NOT NULL,
        description TEXT NOT NULL,
        billable INTEGER NOT NULL CHECK (billable IN (0, 1)),
        score REAL NOT NULL,
        rank INTEGER NOT NULL CHECK (rank >= 1),
        assertion TEXT NOT NULL CHECK (assertion IN
          ('present', 'absent', 'possible', 'hypothetical', 'historical', 'family')),
        chunk_text TEXT NOT NULL,
        FOREIGN KEY (run_id, chunk_key) REFERENCES chunks (run_id, chunk_key)
      );
      CREATE INDEX suggestions_by_run ON suggestions (run_id);

      -- Append-only: a suggestion's state is its latest decision (highest id).
      CREATE TABLE decisions (
        id INTEGER PRIMARY KEY,
        suggestion_id INTEGER NOT NULL REFERENCES suggestions (id),
        action TEXT NOT NULL CHECK (action IN ('accept', 'reject')),
        coder TEXT NOT NULL CHECK (length(coder) > 0),
        at TEXT NOT NULL
      );
      CREATE INDEX decisions_by_suggestion ON decisions (suggestion_id, id);
      CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions
        BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
      CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions
        BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;

      CREATE VIEW current_decisions AS
        SELECT d.suggestion_id, d.id AS decision_id, d.action, d.coder, d.at
        FROM decisions d
        WHERE d.id = (SELECT MAX(id) FROM decisions WHERE suggestion_id = d.suggestion_id);

      -- PHI-safe: detail holds ids, codes and counts, never note or chunk text.
      CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id INTEGER NOT NULL,
        detail TEXT NOT NULL CHECK (json_valid(detail))
      );
      CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    `,
  },
]

/** The schema version this code reads and writes. */
export const SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0)

/** Reads the schema version recorded in the file (0 for a new, empty database). */
export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number
}

/**
 * Applies every migration above the file's version, each in its own transaction together with
 * its user_version bump, so a crash leaves the file at a whole version. Returns the versions applied.
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const from = schemaVersion(db)
  const pending = migrations.filter((m) => m.version > from).sort((a, b) => a.version - b.version)
  for (const migration of pending) {
    db.transaction(() => {
      db.exec(migration.sql)
      // PRAGMA takes no bound parameters; the version is an integer from the list above.
      db.pragma(`user_version = ${migration.version}`)
      db.pragma(`application_id = ${APPLICATION_ID}`)
    }).immediate()
  }
  return pending.map((m) => m.version)
}
