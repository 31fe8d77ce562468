// Test fixture: a short coded note with every offset spelled out (UTF-16 code units, end excluded).
// The leg emoji at 5..7 is two code units, so any code-point counting shifts every later offset.
import type { Chunk, CodeSuggestion, CodedDocument } from '../../../../src/shared/domain'
import type { SaveMeta } from '../../../../src/main/store'

// Offsets: "Left" 8..12, "knee" 13..17, "pain" 18..22, "Denies" 37..43, "fever" 44..49,
// "\n" 50, "Family history of" 72..89, "gout" 90..94; 96 code units in all.
export const NOTE_TEXT =
  'HPI: \u{1F9B5} Left knee pain since Monday. Denies fever.\n' +
  'A/P: Left knee pain. Family history of gout.\n'

export const NOTE_PATH = '/notes/ed-knee.txt'
export const SHA_A = 'a'.repeat(64)
export const SHA_B = 'b'.repeat(64)
export const META: SaveMeta = {
  mode: 'fast',
  models: { ner: '1.0.0', re_fast: '0.3.1' },
  sha256: SHA_A,
}

const chunk = (
  id: string,
  start: number,
  end: number,
  text: string,
  label: string,
  rest: Partial<Chunk> = {},
): Chunk => ({
  id,
  start,
  end,
  text,
  label,
  confidence: 0.9,
  assertion: 'present',
  assertionCue: null,
  ...rest,
})

export const CHUNKS: readonly Chunk[] = [
  chunk('c1', 8, 12, 'Left', 'Direction'),
  chunk('c2', 13, 17, 'knee', 'BodyPart'),
  chunk('c3', 18, 22, 'pain', 'Symptom', { confidence: 0.97 }),
  chunk('c4', 44, 49, 'fever', 'Symptom', {
    assertion: 'absent',
    assertionCue: { start: 37, end: 43, text: 'Denies' },
  }),
  chunk('c5', 90, 94, 'gout', 'Problem', {
    assertion: 'family',
    assertionCue: { start: 72, end: 89, text: 'Family history of' },
  }),
]

const suggestion = (
  chunkKey: string,
  code: string,
  description: string,
  rest: Partial<CodeSuggestion> = {},
): CodeSuggestion => ({
  chunk: chunkKey,
  basis: 'base',
  chunkText: CHUNKS.find((c) => c.id === chunkKey)?.text ?? '',
  system: 'ICD-10-CM',
  code,
  description,
  billable: true,
  score: 0.8,
  rank: 1,
  assertion: CHUNKS.find((c) => c.id === chunkKey)?.assertion ?? 'present',
  ...rest,
})

/** Suggestion order matters: ids are assigned in this order (s[0] gets the first id). */
export const SUGGESTIONS: readonly CodeSuggestion[] = [
  suggestion('c3', 'M25.562', 'Pain in left knee', {
    basis: 'enriched',
    chunkText: 'left knee pain',
    score: 0.93,
  }),
  suggestion('c3', 'M25.56', 'Pain in knee', {
    basis: 'enriched',
    chunkText: 'left knee pain',
    billable: false,
    score: 0.71,
    rank: 2,
  }),
  suggestion('c3', 'R52', 'Pain, unspecified', { score: 0.55 }),
  suggestion('c4', 'R50.9', 'Fever, unspecified'),
  suggestion('c5', 'M10.9', 'Gout, unspecified', { score: 0.9 }),
]

export function codedNote(overrides: Partial<CodedDocument> = {}): CodedDocument {
  return {
    id: 'ed-knee.txt',
    path: NOTE_PATH,
    text: NOTE_TEXT,
    encoding: 'utf-8',
    sections: [
      { name: 'HPI', start: 0, end: 50 },
      { name: 'A/P', start: 51, end: 96 },
    ],
    chunks: CHUNKS,
    relations: [
      { head: 'c2', tail: 'c3', type: 'bodypart_problem', confidence: 0.91, model: 'fast' },
      { head: 'c1', tail: 'c2', type: 'direction_bodypart', confidence: 0.88, model: 'fast' },
    ],
    enriched: [{ chunk: 'c3', modifiers: ['c1', 'c2'], text: 'left knee pain' }],
    suggestions: SUGGESTIONS,
    ...overrides,
  }
}
