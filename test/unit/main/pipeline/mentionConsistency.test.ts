// Mention consistency: a defined short form takes its long form's label, and a name tagged twice
// with one label is tagged where it recurs untagged.
import { describe, expect, it } from 'vitest'
import { consistentMentions } from '../../../../src/main/pipeline/mentionConsistency'
import type { Chunk } from '../../../../src/shared/domain'

function chunk(text: string, name: string, label: string, from = 0, confidence = 0.9): Chunk {
  const start = text.indexOf(name, from)
  if (start < 0) throw new Error(`"${name}" is not in the text after ${from}`)
  const end = start + name.length
  return {
    id: 'x',
    start,
    end,
    text: name,
    label,
    confidence,
    assertion: 'present',
    assertionCue: null,
  }
}

const spans = (chunks: readonly Chunk[]) => chunks.map((c) => [c.id, c.start, c.text, c.label])

describe('consistentMentions', () => {
  const text = 'BHA was given. Rats on BHA grew. Later BHA-induced hyperplasia and BHAX.'

  it('tags the untagged occurrences of a name tagged twice, ids renumbered in text order', () => {
    const tagged = [chunk(text, 'BHA', 'Drug', 0, 0.95), chunk(text, 'BHA', 'Drug', 10, 0.8)]
    const out = consistentMentions(text, [...tagged, chunk(text, 'hyperplasia', 'Problem')])
    expect(spans(out)).toEqual([
      ['c1', 0, 'BHA', 'Drug'],
      ['c2', 23, 'BHA', 'Drug'],
      ['c3', 39, 'BHA', 'Drug'],
      ['c4', 51, 'hyperplasia', 'Problem'],
    ])
    // The copy is no surer than the least sure mention it copies.
    expect(out[2]?.confidence).toBe(0.8)
  })

  it('leaves a name tagged once, or with two labels, as it is', () => {
    const once = [chunk(text, 'BHA', 'Drug')]
    expect(consistentMentions(text, once)).toBe(once)
    const mixed = [chunk(text, 'BHA', 'Drug'), chunk(text, 'BHA', 'Problem', 10)]
    expect(consistentMentions(text, mixed)).toBe(mixed)
  })

  it('never adds inside a longer word or over a chunk already there', () => {
    const note = 'CO and CO. COPD. Cobalt CO2. carbon monoxide (CO) poisoning'
    const poisoning = chunk(note, 'monoxide (CO) poisoning', 'Problem')
    const tagged = [chunk(note, 'CO', 'Drug'), chunk(note, 'CO', 'Drug', 3), poisoning]
    const out = consistentMentions(note, tagged)
    // "COPD", "CO2" and the "CO" inside the longer chunk stay as they were.
    expect(out).toBe(tagged)
  })

  it('copies no one-letter name', () => {
    const note = 'K low. K given. K again.'
    const tagged = [chunk(note, 'K', 'Drug'), chunk(note, 'K', 'Drug', 3)]
    expect(consistentMentions(note, tagged)).toBe(tagged)
  })

  it('tags a short form defined after a tagged long form, wherever it stands untagged', () => {
    const note = 'Given retinoic acid (RA) daily. RA was stopped; RAS and RA-induced rash.'
    const out = consistentMentions(note, [chunk(note, 'retinoic acid', 'Drug', 0, 0.7)])
    expect(spans(out)).toEqual([
      ['c1', 6, 'retinoic acid', 'Drug'],
      ['c2', 21, 'RA', 'Drug'],
      ['c3', 32, 'RA', 'Drug'],
      ['c4', 56, 'RA', 'Drug'],
    ])
    expect(out.map((c) => c.confidence)).toEqual([0.7, 0.7, 0.7, 0.7])
  })

  it('copies no short form whose long forms disagree on the label', () => {
    const note = 'retinoic acid (RA) and rheumatoid arthritis (RA). RA again.'
    const tagged = [
      chunk(note, 'retinoic acid', 'Drug'),
      chunk(note, 'rheumatoid arthritis', 'Problem'),
    ]
    expect(consistentMentions(note, tagged)).toBe(tagged)
  })

  it('tags the longer of two names that start at the same place', () => {
    const note = 'heart failure; heart failure; heart; heart. Later heart failure.'
    const tagged = [
      chunk(note, 'heart failure', 'Problem'),
      chunk(note, 'heart failure', 'Problem', 5),
      chunk(note, 'heart', 'BodyPart', 25),
      chunk(note, 'heart', 'BodyPart', 32),
    ]
    const added = consistentMentions(note, tagged).filter((c) => c.start > 40)
    expect(spans(added)).toEqual([['c5', 50, 'heart failure', 'Problem']])
  })
})
