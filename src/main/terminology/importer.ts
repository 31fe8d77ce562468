// Writes a checked release into the index: one transaction replaces one system's rows (terminology layer).
import type { IndexDb } from './indexDb'
import { ancestorsOf } from './hierarchy'
import { specificStems, titleStems } from './normalize'
import type { ParsedRelease, ReleaseRow } from './orderFile'
import { SQL, ftsSql } from './statements'
import { writtenCode } from './systems'

/** What an import did. `codes` counts valid (billable) codes, `headers` the non-billable headers. */
export interface ImportReport {
  readonly system: string
  readonly release: string
  readonly version: string
  readonly codes: number
  readonly billable: number
  readonly headers: number
  readonly seconds: number
}

interface PreparedRow {
  readonly row: ReleaseRow
  readonly stems: readonly string[]
}

/** Replaces `release.system`'s codes, terms and release record in one transaction; idempotent. */
export function writeRelease(
  db: IndexDb,
  release: ParsedRelease,
  startedAtMs: number,
): ImportReport {
  const { system } = release
  const ancestors = ancestorsOf(
    system,
    release.rows.map((row) => row.code),
  )
  // Most general titles first: fewest distinct words that say something, then fewest words, then
  // tabular order (the sort is stable). See the note in statements.ts.
  const rows: PreparedRow[] = release.rows
    .map((row) => {
      const stems = titleStems(row.long)
      const specificity = specificStems(row.long).length
      return { row, stems, specificity }
    })
    .sort((a, b) => a.specificity - b.specificity || a.stems.length - b.stems.length)
  const billable = release.rows.filter((row) => row.billable).length
  const counts = { codes: billable, billable, headers: release.rows.length - billable }
  const averageTerms =
    rows.reduce((sum, entry) => sum + entry.stems.length, 0) / Math.max(1, rows.length)
  const statements = {
    deleteCodes: db.prepare(SQL.deleteSystemCodes),
    deleteTermDocs: db.prepare(SQL.deleteSystemTermDocs),
    nextId: db.prepare<[], { id: number }>(SQL.nextId),
    insertCode: db.prepare(SQL.insertCode),
    insertTermDocs: db.prepare(SQL.insertTermDocs),
    clearFts: db.prepare(ftsSql(system).clear),
    fillFts: db.prepare(ftsSql(system).fill),
    optimizeFts: db.prepare(ftsSql(system).optimize),
    upsertRelease: db.prepare(SQL.upsertRelease),
  }
  db.transaction(() => {
    statements.deleteCodes.run(system)
    statements.deleteTermDocs.run(system)
    const firstId = statements.nextId.get()?.id ?? 1
    rows.forEach(({ row, stems }, index) => {
      const written = (ancestors.get(row.code) ?? []).map((code) => writtenCode(system, code))
      statements.insertCode.run({
        id: firstId + index,
        system,
        code: writtenCode(system, row.code),
        billable: row.billable ? 1 : 0,
        short: row.short,
        long: row.long,
        parent: written[0] ?? null,
        ancestors: written.join(' '),
        terms: stems.join(' '),
      })
    })
    for (const [term, docs] of documentFrequencies(rows)) {
      statements.insertTermDocs.run(system, term, docs)
    }
    // The system's full-text table is derived from codes.terms, so it is refilled whole.
    statements.clearFts.run()
    statements.fillFts.run(system)
    // One segment per term: AND queries seek through one doclist instead of dozens.
    statements.optimizeFts.run()
    statements.upsertRelease.run({
      system,
      release: release.release,
      version: release.version,
      source: release.source,
      sha256: release.sha256,
      ...counts,
      importedAt: new Date().toISOString(),
      firstId,
      lastId: firstId + rows.length - 1,
      averageTerms,
    })
  })()
  const seconds = Math.round((performance.now() - startedAtMs) / 10) / 100
  return { system, release: release.release, version: release.version, ...counts, seconds }
}

function documentFrequencies(rows: readonly PreparedRow[]): Map<string, number> {
  const frequencies = new Map<string, number>()
  for (const { stems } of rows) {
    for (const stem of new Set(stems)) frequencies.set(stem, (frequencies.get(stem) ?? 0) + 1)
  }
  return frequencies
}
