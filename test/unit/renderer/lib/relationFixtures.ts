// Chunks and relations for the relation-view tests (knowledge graph, layout, timeline): builders,
// and the note "Left knee pain after a fall. Lisinopril 10 mg by mouth daily. No fever."
import type { Chunk, Relation } from '../../../../src/shared/domain'

/** A present chunk of `text` at `start`, confidence 0.9. */
export function chunk(id: string, label: string, start: number, text: string): Chunk {
  const end = start + text.length
  return { id, text, label, start, end, confidence: 0.9, assertion: 'present', assertionCue: null }
}

/** A fast-mode relation from `head` to `tail`. */
export function rel(head: Chunk, tail: Chunk, type: string, confidence = 0.9): Relation {
  return { head: head.id, tail: tail.id, type, confidence, model: 'fast' }
}

export const LEFT = chunk('c1', 'Direction', 0, 'Left')
export const KNEE = chunk('c2', 'BodyPart', 5, 'knee')
export const PAIN = chunk('c3', 'Symptom', 10, 'pain')
export const FALL = chunk('c4', 'Problem', 23, 'fall')
export const DRUG = chunk('c5', 'Drug', 29, 'Lisinopril')
export const DOSE = chunk('c6', 'Dosage', 40, '10 mg')
export const ROUTE = chunk('c7', 'Route', 46, 'by mouth')
export const FREQ = chunk('c8', 'Frequency', 55, 'daily')
/** Negated, and related to nothing. */
export const FEVER: Chunk = { ...chunk('c9', 'Symptom', 65, 'fever'), assertion: 'absent' }

/** The knee's findings, the fall before the pain, and the drug's posology: two connected parts. */
export const RELATIONS: readonly Relation[] = [
  rel(KNEE, LEFT, 'bodypart_direction', 0.97),
  rel(PAIN, LEFT, 'direction_finding', 0.88),
  rel(PAIN, KNEE, 'bodypart_problem', 0.91),
  rel(FALL, PAIN, 'BEFORE', 0.7),
  rel(DRUG, DOSE, 'drug_dosage', 0.99),
  rel(DRUG, ROUTE, 'drug_route', 0.98),
  rel(DRUG, FREQ, 'drug_frequency', 0.95),
]
