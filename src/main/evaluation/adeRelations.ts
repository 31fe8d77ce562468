// The ADE corpus v2 relation files (DRUG-AE.rel, DRUG-DOSE.rel): one pipe-separated relation a
// line, read strictly and grouped by sentence for the NER and RE evaluations (evaluation layer).
import { readFileSync } from 'node:fs'
import { CoderError } from '../../shared/errors'

/** Drug–adverse effect pairs; its mentions are also the NER gold. */
export const ADE_AE_FILE = 'DRUG-AE.rel'
/** Drug–dose pairs; every dose sentence is also a DRUG-AE.rel sentence. */
export const ADE_DOSE_FILE = 'DRUG-DOSE.rel'

const FIELDS = 8
const LAYOUT = 'PMID|sentence|effect or dose|begin|end|drug|begin|end'

/** One line: a drug and the other mention (effect or dose) it is paired with in a sentence. */
export interface AdeRelation {
  readonly pmid: string
  readonly sentence: string
  /** Column 3: the adverse effect (DRUG-AE.rel) or the dose (DRUG-DOSE.rel). */
  readonly other: string
  readonly drug: string
}

/** The relations of one (PMID, sentence), in file order. */
export interface AdeRelationGroup<R extends AdeRelation> {
  readonly pmid: string
  readonly sentence: string
  readonly relations: readonly R[]
}

/**
 * The relations of a .rel file, one per non-empty line, as training/re/convert.py ade_links
 * reads them. The begin/end columns are document offsets and are not read. Throws
 * E_DATASET_MALFORMED, with the 1-based line, on a line without exactly 8 fields: the released
 * files have none, so such a line means an edited or cut file, not something to skip.
 */
export function parseAdeRelations(content: string, path: string): AdeRelation[] {
  const relations: AdeRelation[] = []
  // Universal newlines, as Python's text mode reads the file.
  content.split(/\r\n|\r|\n/).forEach((line, i) => {
    // An empty line (the one after the final newline) holds no relation.
    if (line === '') return
    const fields = line.split('|')
    if (fields.length !== FIELDS) {
      throw new CoderError('E_DATASET_MALFORMED', {
        path,
        where: `line ${i + 1}`,
        reason: `expected ${FIELDS} fields separated by "|" (${LAYOUT}), found ${fields.length}`,
      })
    }
    const [pmid = '', sentence = '', other = '', , , drug = ''] = fields
    relations.push({ pmid, sentence, other, drug })
  })
  return relations
}

/** parseAdeRelations of the file at `path` (UTF-8). */
export function readAdeRelations(path: string): AdeRelation[] {
  return parseAdeRelations(readFileSync(path, 'utf8'), path)
}

/** Relations grouped by (PMID, sentence), groups in order of first appearance. */
export function groupBySentence<R extends AdeRelation>(
  relations: readonly R[],
): AdeRelationGroup<R>[] {
  const groups = new Map<string, { pmid: string; sentence: string; relations: R[] }>()
  for (const relation of relations) {
    const { pmid, sentence } = relation
    const key = `${pmid}|${sentence}`
    const group = groups.get(key) ?? { pmid, sentence, relations: [] }
    group.relations.push(relation)
    groups.set(key, group)
  }
  return [...groups.values()]
}
