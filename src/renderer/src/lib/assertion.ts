// Assertion wording for the note view and codes panel: what a status means to a coder (renderer lib, pure).
import type { Assertion, Chunk } from '../../../shared/domain'

/** Assertions under which a chunk is not the patient's current condition, so its codes are not proposed. */
const NOT_THE_PATIENTS: ReadonlySet<Assertion> = new Set(['absent', 'hypothetical', 'family'])

const WORDS: Readonly<Record<Assertion, { readonly name: string; readonly cueVerb: string }>> = {
  present: { name: 'present', cueVerb: 'asserted by' },
  absent: { name: 'negated', cueVerb: 'negated by' },
  possible: { name: 'possible', cueVerb: 'marked possible by' },
  hypothetical: { name: 'hypothetical', cueVerb: 'marked hypothetical by' },
  historical: { name: 'historical', cueVerb: 'marked historical by' },
  family: { name: 'family history', cueVerb: 'attributed to family by' },
}

/** True when codes of a chunk with this assertion may be proposed as the patient's condition. */
export function isPatientCondition(assertion: Assertion): boolean {
  return !NOT_THE_PATIENTS.has(assertion)
}

/** Short name of an assertion for badges and the legend, e.g. "negated". */
export function assertionName(assertion: Assertion): string {
  return WORDS[assertion].name
}

/** Tooltip line for a chunk, e.g. "negated by 'denies'"; null for a plain present chunk. */
export function describeAssertion(
  assertion: Assertion,
  cue: { readonly text: string } | null | undefined,
): string | null {
  if (assertion === 'present') return null
  const words = WORDS[assertion]
  return cue ? `${words.cueVerb} '${cue.text}'` : words.name
}

/** A chunk's tooltip: its label, confidence and assertion, e.g. "Symptom (91%) · negated by 'denies'". */
export function describeChunk(
  chunk: Pick<Chunk, 'label' | 'confidence' | 'assertion' | 'assertionCue'>,
): string {
  const assertion = describeAssertion(chunk.assertion, chunk.assertionCue)
  const confidence = `${Math.round(chunk.confidence * 100)}%`
  return [`${chunk.label} (${confidence})`, assertion].filter(Boolean).join(' · ')
}
