// Enrich step: each core chunk (problem, symptom, procedure, test) with the body part, laterality
// and severity chunks related to it, composed in a coder's word order: "left knee pain" (pipeline layer).
import type { Chunk, EnrichedChunk, Relation } from '../../shared/domain'
import type { Analysis, Step, StepMeta } from './step'

export const meta: StepMeta = {
  name: 'enrich',
  needs: ['chunks', 'relations'],
  gives: ['enriched'],
}

/** Labels of the chunks that get coded and so get enriched. */
export const CORE_LABELS: ReadonlySet<string> = new Set(['Problem', 'Symptom', 'Procedure', 'Test'])

/** Modifier labels in the order they are written before the core text: "severe left knee pain". */
export const MODIFIER_ORDER: readonly string[] = ['Severity', 'Modifier', 'Direction', 'BodyPart']

export const enrichStep: Step = {
  meta,
  run: (analysis: Analysis) =>
    Object.freeze({
      ...analysis,
      enriched: Object.freeze(enrichChunks(analysis.chunks, analysis.relations)),
    }),
}

/**
 * One enriched chunk per core chunk that has related modifiers: the modifiers related to it
 * directly, plus the laterality related to its body parts. Offsets stay in the chunks; `text`
 * is the modifiers' texts, then the core chunk's text. Text order of the core chunks.
 */
export function enrichChunks(
  chunks: readonly Chunk[],
  relations: readonly Relation[],
): EnrichedChunk[] {
  const byId = new Map(chunks.map((chunk) => [chunk.id, chunk]))
  const related = relatedModifiers(relations, byId)
  const enriched: EnrichedChunk[] = []
  for (const chunk of chunks) {
    if (!CORE_LABELS.has(chunk.label)) continue
    const direct = related.get(chunk.id) ?? []
    // "left" → "knee" → "pain": a body part's laterality modifies what the body part modifies.
    const inherited = direct
      .filter((modifier) => modifier.label === 'BodyPart')
      .flatMap((bodyPart) => related.get(bodyPart.id) ?? [])
    const modifiers = unique([...direct, ...inherited]).sort(writtenOrder)
    if (modifiers.length === 0) continue
    enriched.push(
      Object.freeze({
        chunk: chunk.id,
        modifiers: Object.freeze(modifiers.map((modifier) => modifier.id)),
        text: composeText(chunk, modifiers),
      }),
    )
  }
  return enriched
}

/** Head chunk id → the modifier chunks related to it as tails. */
function relatedModifiers(
  relations: readonly Relation[],
  byId: ReadonlyMap<string, Chunk>,
): Map<string, Chunk[]> {
  const related = new Map<string, Chunk[]>()
  for (const relation of relations) {
    const tail = byId.get(relation.tail)
    if (!tail || !MODIFIER_ORDER.includes(tail.label) || !byId.has(relation.head)) continue
    related.set(relation.head, [...(related.get(relation.head) ?? []), tail])
  }
  return related
}

/** Modifier texts then the core text; a word the core text already holds is not repeated. */
function composeText(core: Chunk, modifiers: readonly Chunk[]): string {
  const seen = new Set(core.text.toLowerCase().split(/\s+/))
  const words: string[] = []
  for (const modifier of modifiers) {
    const key = modifier.text.toLowerCase()
    if (seen.has(key)) continue
    seen.add(key)
    words.push(modifier.text)
  }
  return [...words, core.text].join(' ')
}

function writtenOrder(a: Chunk, b: Chunk): number {
  return MODIFIER_ORDER.indexOf(a.label) - MODIFIER_ORDER.indexOf(b.label) || a.start - b.start
}

function unique(chunks: readonly Chunk[]): Chunk[] {
  return [...new Map(chunks.map((chunk) => [chunk.id, chunk])).values()]
}
