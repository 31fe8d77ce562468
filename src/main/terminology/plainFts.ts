// A plain full-text baseline: FTS5 bm25 over code names only, in memory, to measure what the resolver adds (terminology layer).
import Database from 'better-sqlite3'
import { PLAIN_FTS_SQL } from './statements'

/** A code and the one name the baseline indexes for it (no synonyms). */
export interface NamedCode {
  readonly code: string
  readonly name: string
}

export interface PlainFtsBaseline {
  /** Codes whose name has any word of `text`, by bm25, best first, at most `limit`. */
  search(text: string, limit: number): string[]
  close(): void
}

/** Builds the baseline's in-memory index over `codes` (about 0.1 s for HPO's 17,000 names). */
export function createPlainFtsBaseline(codes: readonly NamedCode[]): PlainFtsBaseline {
  const db = new Database(':memory:')
  db.exec(PLAIN_FTS_SQL.create)
  const insert = db.prepare(PLAIN_FTS_SQL.insert)
  db.transaction(() => {
    for (const { code, name } of codes) insert.run(code, name)
  })()
  const search = db.prepare<[string, number], string>(PLAIN_FTS_SQL.search).pluck()
  return {
    search(text, limit) {
      const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
      if (words.length === 0) return []
      // Each word quoted (words hold only letters and digits), any of them: bm25 ranks by overlap.
      return search.all(words.map((word) => `"${word}"`).join(' OR '), limit)
    },
    close: () => db.close(),
  }
}
