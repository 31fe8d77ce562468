// Writes a checked release into the index: one transaction replaces one system's rows (terminology layer).
// Code titles and index terms are written together, in one id order, so one FTS5 table serves both.
import type { CodeGuidance } from '../../shared/domain'
import type { ImportedRelease } from '../../shared/ipc'
import { hasVectorSearch, type IndexDb } from './indexDb'
import { ancestorsOf } from './hierarchy'
import type { IndexTerm } from './indexFiles'
import { PROGRESS_EVERY_ROWS, type ImportProgressListener } from './importProgress'
import { inverseFrequency, specificStems, stem, titleStems, vectorWords } from './normalize'
import type { ParsedRelease, ReleaseRow } from './orderFile'
import { SQL, ftsSql, vectorSql } from './statements'
import { trainCells } from './vectorCells'
import { embedWords, toInt8, type WordVectors } from './wordVectors'
import { mergeGuidance, type GuidanceNote } from './tabularNotes'
import { diffReleases, type ReleaseDiff } from './releaseDiff'
import { writtenCode } from './systems'

/** What an import did: the IPC contract's shape, so the CLI, the worker and the UI pass it on as is. */
export type ImportReport = ImportedRelease

/** Index content to write with a release; absent parts keep what the index already holds. */
export interface ReleaseExtras {
  readonly terms?: readonly IndexTerm[]
  readonly notes?: readonly GuidanceNote[]
  /** Text definitions of codes (HPO, SNOMED CT); shown, not searched. */
  readonly definitions?: readonly Definition[]
}

/** A code's text definition, `code` written as the index writes it. */
export interface Definition {
  readonly code: string
  readonly text: string
}

interface Entry {
  readonly stems: readonly string[]
  readonly specificity: number
  readonly row?: ReleaseRow
  readonly term?: IndexTerm & { readonly target: string }
}

/**
 * Replaces `release.system`'s codes, index terms and current release in one transaction; idempotent.
 * `onProgress` hears the prepare, write and index phases (every few thousand rows, unthrottled).
 * With `vectors` (and sqlite-vec loaded) the system's vector table is rebuilt in it too.
 */
export function writeRelease(
  db: IndexDb,
  release: ParsedRelease,
  startedAtMs: number,
  extras: ReleaseExtras = {},
  onProgress?: ImportProgressListener,
  vectors: WordVectors | null = null,
): ImportReport {
  const { system } = release
  const statements = prepare(db)
  let report: ImportReport | null = null
  db.transaction(() => {
    const terms = extras.terms ?? statements.systemIndexTerms.all(system)
    const notes = extras.notes ?? statements.systemGuidance.all(system)
    const previous = statements.currentRelease.get(system)?.release
    const diff = previous === undefined ? undefined : diffAgainst(db, system, previous, release)
    if (previous !== undefined && previous !== release.release) {
      statements.archiveCodes.run(previous, system)
    }
    // A kept release imported again becomes current: its archived copy is no longer needed.
    statements.deleteArchivedCodes.run(system, release.release)
    // A custom system's table is created here, inside the transaction, so a failed import leaves none.
    db.exec(ftsSql(system).create)
    const fts = prepareFts(db, system)
    statements.deleteCodes.run(system)
    statements.deleteTermDocs.run(system)
    statements.deleteIndexTerms.run(system)
    statements.deleteGuidance.run(system)
    const entries = orderedEntries(release, terms, onProgress)
    const firstId = statements.nextId.get()?.id ?? 1
    writeEntries(statements, release, entries, firstId, notes, onProgress)
    const frequencies = documentFrequencies(entries)
    for (const [term, docs] of frequencies) {
      statements.insertTermDocs.run(system, term, docs)
    }
    writeVectors(db, system, entries, firstId, frequencies, vectors)
    notes.forEach((note, seq) => {
      statements.insertGuidance.run(system, note.code, note.family, seq, note.text)
    })
    if (extras.definitions !== undefined) {
      statements.deleteDefinitions.run(system)
      for (const definition of extras.definitions) {
        statements.insertDefinition.run(system, definition.code, definition.text)
      }
    }
    // The system's full-text table is derived from codes.terms and index_terms.terms: refilled whole.
    onProgress?.({ phase: 'index', done: 0, total: 1 })
    fts.clear.run()
    fts.fill.run({ system })
    // One segment per term: AND queries seek through one doclist instead of dozens.
    fts.optimize.run()
    onProgress?.({ phase: 'index', done: 1, total: 1 })
    const billable = release.rows.filter((row) => row.billable).length
    const counts = { codes: billable, billable, headers: release.rows.length - billable }
    const indexTerms = entries.length - release.rows.length
    const averageTerms =
      entries.reduce((sum, entry) => sum + entry.stems.length, 0) / Math.max(1, entries.length)
    statements.upsertRelease.run({
      system,
      release: release.release,
      version: release.version,
      source: release.source,
      sha256: release.sha256,
      ...counts,
      indexTerms,
      importedAt: new Date().toISOString(),
      firstId,
      lastId: firstId + entries.length - 1,
      averageTerms,
    })
    statements.retireReleases.run(system, release.release)
    const kept = statements.keptReleases.all(system).map((row) => row.release)
    const seconds = Math.round((performance.now() - startedAtMs) / 10) / 100
    report = {
      system,
      release: release.release,
      version: release.version,
      ...counts,
      indexTerms,
      ...(diff === undefined ? {} : { diff }),
      ...(kept.length > 0 ? { keptReleases: kept } : {}),
      seconds,
    }
  })()
  if (report === null) throw new Error('the import transaction did not run')
  return report
}

// The system's vector table, rebuilt whole: code titles only (index terms are full-text only),
// embedded with the IDF of this system's texts, stored under their cells. Without word vectors
// the table is dropped, so no stale vectors outlive the codes they embedded.
function writeVectors(
  db: IndexDb,
  system: string,
  entries: readonly Entry[],
  firstId: number,
  frequencies: ReadonlyMap<string, number>,
  vectors: WordVectors | null,
): void {
  if (!hasVectorSearch(db)) return
  const sql = vectorSql(system, vectors?.dim ?? 0)
  db.prepare(sql.drop).run()
  db.prepare(sql.deleteCells).run(system)
  if (vectors === null) return
  // Titles share most of their words: each word's weight is worked out once.
  const weights = new Map<string, number>()
  const weightOf = (word: string): number => {
    let weight = weights.get(word)
    if (weight === undefined) {
      weight = inverseFrequency(entries.length, frequencies.get(stem(word)) ?? 0)
      weights.set(word, weight)
    }
    return weight
  }
  const embedded: { id: number; vector: Float32Array }[] = []
  entries.forEach((entry, index) => {
    if (entry.row === undefined) return
    const vector = embedWords(vectors, vectorWords(entry.row.long, 'index'), weightOf)
    if (vector !== null) embedded.push({ id: firstId + index, vector })
  })
  if (embedded.length === 0) return
  const cells = trainCells(
    embedded.map((entry) => entry.vector),
    vectors.dim,
  )
  db.prepare(sql.create).run()
  const insertCell = db.prepare(sql.insertCell)
  cells.centroids.forEach((centroid, cell) => {
    insertCell.run(
      system,
      cell,
      Buffer.from(centroid.buffer, centroid.byteOffset, centroid.byteLength),
    )
  })
  // Cell by cell: vec0 appends each row to its partition's open chunk, so rows of one cell in a
  // row fill one chunk while it is in the page cache.
  const placed = embedded
    .map(({ id, vector }) => ({ id, cell: cells.assign(vector), vector }))
    .sort((a, b) => a.cell - b.cell || a.id - b.id)
  const insert = db.prepare(sql.insert)
  for (const { id, cell, vector } of placed) {
    insert.run(BigInt(id), BigInt(cell), toInt8(vector))
  }
}

function prepareFts(db: IndexDb, system: string) {
  const fts = ftsSql(system)
  return {
    clear: db.prepare(fts.clear),
    fill: db.prepare(fts.fill),
    optimize: db.prepare(fts.optimize),
  }
}

function prepare(db: IndexDb) {
  return {
    deleteCodes: db.prepare(SQL.deleteSystemCodes),
    deleteTermDocs: db.prepare(SQL.deleteSystemTermDocs),
    deleteIndexTerms: db.prepare(SQL.deleteSystemIndexTerms),
    deleteGuidance: db.prepare(SQL.deleteSystemGuidance),
    deleteDefinitions: db.prepare(SQL.deleteSystemDefinitions),
    insertDefinition: db.prepare(SQL.insertDefinition),
    nextId: db.prepare<[], { id: number }>(SQL.nextId),
    insertCode: db.prepare(SQL.insertCode),
    insertIndexTerm: db.prepare(SQL.insertIndexTerm),
    insertGuidance: db.prepare(SQL.insertGuidance),
    insertTermDocs: db.prepare(SQL.insertTermDocs),
    systemIndexTerms: db.prepare<[string], IndexTerm>(SQL.systemIndexTerms),
    systemGuidance: db.prepare<[string], GuidanceNote>(SQL.systemGuidance),
    currentRelease: db.prepare<[string], { release: string }>(SQL.currentRelease),
    archiveCodes: db.prepare(SQL.archiveCodes),
    deleteArchivedCodes: db.prepare(SQL.deleteArchivedCodes),
    retireReleases: db.prepare(SQL.retireReleases),
    keptReleases: db.prepare<[string], { release: string }>(SQL.keptReleases),
    upsertRelease: db.prepare(SQL.upsertRelease),
  }
}

type Statements = ReturnType<typeof prepare>

// Most general texts first: fewest distinct words that say something, then fewest words, then
// tabular order, codes before index terms (the sort is stable). See the note in statements.ts.
// Index terms whose code the release lacks are left out.
function orderedEntries(
  release: ParsedRelease,
  terms: readonly IndexTerm[],
  onProgress?: ImportProgressListener,
): Entry[] {
  const present = new Set(release.rows.map((row) => writtenCode(release.system, row.code)))
  const total = release.rows.length + terms.length
  let done = 0
  const tick = (): void => {
    if (++done % PROGRESS_EVERY_ROWS === 0) onProgress?.({ phase: 'prepare', done, total })
  }
  onProgress?.({ phase: 'prepare', done: 0, total })
  const codeEntries: Entry[] = release.rows.map((row) => {
    tick()
    return { row, stems: titleStems(row.long), specificity: specificStems(row.long).length }
  })
  const termEntries: Entry[] = terms.flatMap((term) => {
    tick()
    const target = term.code.replace(/-$/, '')
    if (!present.has(target)) return []
    return [
      {
        term: { ...term, target },
        stems: titleStems(term.text),
        specificity: specificStems(term.text).length,
      },
    ]
  })
  onProgress?.({ phase: 'prepare', done: total, total })
  return [...codeEntries, ...termEntries].sort(
    (a, b) => a.specificity - b.specificity || a.stems.length - b.stems.length,
  )
}

function writeEntries(
  statements: Statements,
  release: ParsedRelease,
  entries: readonly Entry[],
  firstId: number,
  notes: readonly GuidanceNote[],
  onProgress?: ImportProgressListener,
): void {
  const { system } = release
  const parents = new Map<string, string | readonly string[]>(
    release.rows.flatMap((row) => {
      const given = row.parents ?? row.parent
      return given === undefined ? [] : [[row.code, given]]
    }),
  )
  const ancestors = ancestorsOf(
    system,
    release.rows.map((row) => row.code),
    parents,
  )
  const notesByCode = groupNotes(notes)
  const total = entries.length
  onProgress?.({ phase: 'write', done: 0, total })
  entries.forEach((entry, index) => {
    const id = firstId + index
    if (index > 0 && index % PROGRESS_EVERY_ROWS === 0) {
      onProgress?.({ phase: 'write', done: index, total })
    }
    if (entry.term !== undefined) {
      const { term } = entry
      statements.insertIndexTerm.run({
        id,
        system,
        code: term.target,
        kind: term.kind,
        text: term.text,
        terms: entry.stems.join(' '),
      })
      return
    }
    const row = entry.row as ReleaseRow
    const written = (ancestors.get(row.code) ?? []).map((code) => writtenCode(system, code))
    const code = writtenCode(system, row.code)
    const guidance: CodeGuidance | null = mergeGuidance(notesByCode, [code, ...written])
    statements.insertCode.run({
      id,
      system,
      code,
      billable: row.billable ? 1 : 0,
      short: row.short,
      long: row.long,
      parent: written[0] ?? null,
      ancestors: written.join(' '),
      terms: entry.stems.join(' '),
      guidance: guidance === null ? null : JSON.stringify(guidance),
    })
  })
  onProgress?.({ phase: 'write', done: total, total })
}

function groupNotes(notes: readonly GuidanceNote[]): Map<string, GuidanceNote[]> {
  const byCode = new Map<string, GuidanceNote[]>()
  for (const note of notes) {
    const list = byCode.get(note.code) ?? []
    list.push(note)
    byCode.set(note.code, list)
  }
  return byCode
}

function diffAgainst(
  db: IndexDb,
  system: string,
  previousRelease: string,
  release: ParsedRelease,
): ReleaseDiff {
  const before = new Map(
    db
      .prepare<[string], { code: string; description: string }>(SQL.systemCodes)
      .all(system)
      .map((row) => [row.code, row.description]),
  )
  const after = new Map(release.rows.map((row) => [writtenCode(system, row.code), row.long]))
  return diffReleases(previousRelease, before, after)
}

function documentFrequencies(entries: readonly Entry[]): Map<string, number> {
  const frequencies = new Map<string, number>()
  for (const { stems } of entries) {
    for (const stem of new Set(stems)) frequencies.set(stem, (frequencies.get(stem) ?? 0) + 1)
  }
  return frequencies
}
