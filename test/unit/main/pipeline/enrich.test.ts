import { describe, expect, it } from 'vitest'
import type { Chunk, Relation } from '../../../../src/shared/domain'
import { enrichChunks } from '../../../../src/main/pipeline'

//           0         1         2         3         4         5
//           0123456789012345678901234567890123456789012345678901234
const text = 'Severe pain in the left knee. X-ray of the right hip. Cough.'

function chunk(id: string, start: number, end: number, label: string): Chunk {
  return {
    id,
    start,
    end,
    text: text.slice(start, end),
    label,
    confidence: 0.9,
    assertion: 'present',
    assertionCue: null,
  }
}

const chunks = [
  chunk('c1', 0, 6, 'Severity'),
  chunk('c2', 7, 11, 'Symptom'),
  chunk('c3', 19, 23, 'Direction'),
  chunk('c4', 24, 28, 'BodyPart'),
  chunk('c5', 30, 35, 'Test'),
  chunk('c6', 43, 48, 'Direction'),
  chunk('c7', 49, 52, 'BodyPart'),
  chunk('c8', 54, 59, 'Symptom'),
]

function relation(head: string, tail: string, type: string): Relation {
  return { head, tail, type, confidence: 0.9, model: 'fast' }
}

describe('enrichChunks', () => {
  it('writes modifiers before the core text in a coder order: severity, side, body part', () => {
    const enriched = enrichChunks(chunks, [
      relation('c2', 'c4', 'bodypart_problem'),
      relation('c2', 'c1', 'severity_finding'),
      relation('c4', 'c3', 'bodypart_direction'),
    ])
    expect(enriched).toEqual([
      { chunk: 'c2', modifiers: ['c1', 'c3', 'c4'], text: 'Severe left knee pain' },
    ])
  })

  it('inherits the laterality of a related body part and lists a modifier once', () => {
    const enriched = enrichChunks(chunks, [
      relation('c5', 'c7', 'bodypart_procedure'),
      relation('c7', 'c6', 'bodypart_direction'),
      relation('c5', 'c6', 'direction_finding'),
    ])
    expect(enriched).toEqual([{ chunk: 'c5', modifiers: ['c6', 'c7'], text: 'right hip X-ray' }])
  })

  it('leaves chunks without modifiers, and non-modifier tails, out', () => {
    expect(enrichChunks(chunks, [])).toEqual([])
    expect(enrichChunks(chunks, [relation('c2', 'c8', 'other')])).toEqual([])
  })

  it('ignores relations to chunk ids that do not exist', () => {
    expect(enrichChunks(chunks, [relation('c2', 'c99', 'bodypart_problem')])).toEqual([])
  })
})
