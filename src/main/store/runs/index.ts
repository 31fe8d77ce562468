// Runs: one coding pass over a document and what it produced, chunks, relations and enriched
// chunks, all addressed by chunk key within the run (store layer).
import type { Database } from 'better-sqlite3'
import { z } from 'zod'
import type {
  Assertion,
  Chunk,
  CodedDocument,
  EnrichedChunk,
  Relation,
} from '../../../shared/domain'
import { spanText } from '../../../shared/text'
import { readStoredJson } from '../storedJson'
import { prepareRunStatements, type ChunkRow, type RunRow } from './statements'

export type RunMode = 'fast' | 'accurate'

export interface StoredRun {
  readonly id: number
  readonly documentId: number
  readonly startedAt: string
  readonly finishedAt: string | null
  readonly mode: RunMode
  /** Model name → version. */
  readonly models: Readonly<Record<string, string>>
  readonly status: 'running' | 'done' | 'failed'
}

export interface NewRun {
  readonly documentId: number
  readonly mode: RunMode
  readonly models: Readonly<Record<string, string>>
  readonly startedAt: string
  readonly finishedAt: string
}

/** Everything a run found, in the order the pipeline gave it. */
export interface RunOutput {
  readonly chunks: Chunk[]
  readonly relations: Relation[]
  readonly enriched: EnrichedChunk[]
}

const modelsSchema = z.record(z.string(), z.string())
const modifiersSchema = z.array(z.string())

/** The runs of one connection. */
export function createRuns(db: Database) {
  const sql = prepareRunStatements(db)
  return {
    /** Inserts a finished run with its chunks, relations and enriched chunks; returns its id. */
    insert(run: NewRun, coded: CodedDocument): number {
      const result = sql.insertRun.run({
        ...run,
        models: JSON.stringify(run.models),
        status: 'done',
      })
      const runId = Number(result.lastInsertRowid)
      for (const chunk of coded.chunks) sql.insertChunk.run(toChunkRow(runId, chunk))
      for (const { head, tail, type, confidence, model } of coded.relations) {
        sql.insertRelation.run({ runId, head, tail, type, confidence, model })
      }
      for (const item of coded.enriched) {
        const modifiers = JSON.stringify(item.modifiers)
        sql.insertEnriched.run({ runId, key: item.chunk, modifiers, text: item.text })
      }
      return runId
    },
    /** The document's latest finished run, if any. */
    latest(documentId: number): StoredRun | undefined {
      const row = sql.latestDone.get(documentId)
      return row && toRun(row)
    },
    /** What a run found; chunk text is read from `text`, the run's document text. */
    output(runId: number, text: string): RunOutput {
      return {
        chunks: sql.chunksOf.all(runId).map((row) => toChunk(row, text)),
        relations: sql.relationsOf.all(runId).map(({ runId: _, ...relation }) => ({
          ...relation,
          model: relation.model as RunMode,
        })),
        enriched: sql.enrichedOf.all(runId).map((row) => ({
          chunk: row.key,
          modifiers: readStoredJson(row.modifiers, modifiersSchema, 'enriched modifiers'),
          text: row.text,
        })),
      }
    },
  }
}

export type Runs = ReturnType<typeof createRuns>

function toChunkRow(runId: number, chunk: Chunk): ChunkRow {
  const cue = chunk.assertionCue
  return {
    runId,
    key: chunk.id,
    start: chunk.start,
    end: chunk.end,
    label: chunk.label,
    confidence: chunk.confidence,
    assertion: chunk.assertion,
    cueStart: cue?.start ?? null,
    cueEnd: cue?.end ?? null,
    cueText: cue?.text ?? null,
  }
}

function toChunk(row: ChunkRow, text: string): Chunk {
  const cue =
    row.cueStart === null || row.cueEnd === null || row.cueText === null
      ? null
      : { start: row.cueStart, end: row.cueEnd, text: row.cueText }
  return {
    id: row.key,
    start: row.start,
    end: row.end,
    // spanText throws on offsets outside the text, so a damaged row never reads silently.
    text: spanText(text, row),
    label: row.label,
    confidence: row.confidence,
    assertion: row.assertion as Assertion,
    assertionCue: cue,
  }
}

function toRun(row: RunRow): StoredRun {
  return {
    ...row,
    mode: row.mode as RunMode,
    models: readStoredJson(row.models, modelsSchema, 'model versions'),
    status: row.status as StoredRun['status'],
  }
}
