// SQL of a coding run and what it produced: runs, chunks, relations, enriched (store layer).
import type { Database } from 'better-sqlite3'

export interface NewRunRow {
  readonly documentId: number
  readonly startedAt: string
  readonly finishedAt: string | null
  readonly mode: string
  /** JSON object: model name → version. */
  readonly models: string
  readonly status: string
}

export interface RunRow extends NewRunRow {
  readonly id: number
}

export interface ChunkRow {
  readonly runId: number
  readonly key: string
  readonly start: number
  readonly end: number
  readonly label: string
  readonly confidence: number
  readonly assertion: string
  readonly cueStart: number | null
  readonly cueEnd: number | null
  readonly cueText: string | null
}

export interface RelationRow {
  readonly runId: number
  readonly head: string
  readonly tail: string
  readonly type: string
  readonly confidence: number
  readonly model: string
}

export interface EnrichedRow {
  readonly runId: number
  readonly key: string
  /** JSON array of chunk keys. */
  readonly modifiers: string
  readonly text: string
}

const RUN_COLUMNS = `id, document_id AS documentId, started_at AS startedAt,
  finished_at AS finishedAt, mode, models, status`

export function prepareRunStatements(db: Database) {
  return {
    insertRun: db.prepare<NewRunRow>(
      `INSERT INTO runs (document_id, started_at, finished_at, mode, models, status)
       VALUES (@documentId, @startedAt, @finishedAt, @mode, @models, @status)`,
    ),
    latestDone: db.prepare<[number], RunRow>(
      `SELECT ${RUN_COLUMNS} FROM runs WHERE document_id = ? AND status = 'done'
       ORDER BY id DESC LIMIT 1`,
    ),
    insertChunk: db.prepare<ChunkRow>(
      `INSERT INTO chunks (run_id, chunk_key, start_offset, end_offset, label, confidence,
         assertion, cue_start, cue_end, cue_text)
       VALUES (@runId, @key, @start, @end, @label, @confidence, @assertion, @cueStart, @cueEnd,
         @cueText)`,
    ),
    chunksOf: db.prepare<[number], ChunkRow>(
      `SELECT run_id AS runId, chunk_key AS key, start_offset AS start, end_offset AS "end", label,
         confidence, assertion, cue_start AS cueStart, cue_end AS cueEnd, cue_text AS cueText
       FROM chunks WHERE run_id = ? ORDER BY id`,
    ),
    insertRelation: db.prepare<RelationRow>(
      `INSERT INTO relations (run_id, head_key, tail_key, type, confidence, model)
       VALUES (@runId, @head, @tail, @type, @confidence, @model)`,
    ),
    relationsOf: db.prepare<[number], RelationRow>(
      `SELECT run_id AS runId, head_key AS head, tail_key AS tail, type, confidence, model
       FROM relations WHERE run_id = ? ORDER BY id`,
    ),
    insertEnriched: db.prepare<EnrichedRow>(
      `INSERT INTO enriched (run_id, chunk_key, modifiers, text)
       VALUES (@runId, @key, @modifiers, @text)`,
    ),
    enrichedOf: db.prepare<[number], EnrichedRow>(
      `SELECT run_id AS runId, chunk_key AS key, modifiers, text
       FROM enriched WHERE run_id = ? ORDER BY id`,
    ),
  }
}

export type RunStatements = ReturnType<typeof prepareRunStatements>
