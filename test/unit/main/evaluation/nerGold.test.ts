// Gold spans as training builds them: outward snapping, the overlap rule, Direction, sentence cuts.
// Expected spans were checked against training/ner/corpora.py (doc_to_sentences) on the same input.
import { describe, expect, it } from 'vitest'
import {
  abstractSentences,
  goldSpans,
  lineSentences,
  type LabeledSpan,
} from '../../../../src/main/evaluation/nerGold'

const MACCROBAT = { isMaccrobat: true, keepModifier: false }
const LITERATURE = { isMaccrobat: false, keepModifier: true }

/** The gold spans as [text, label] pairs, in order. */
function gold(
  text: string,
  spans: [string, string][],
  rules = MACCROBAT,
  sentences = lineSentences(text),
): [string, string][] {
  const annotated: LabeledSpan[] = spans.map(([words, label]) => {
    const start = text.indexOf(words)
    return { start, end: start + words.length, label }
  })
  return goldSpans(text, sentences, annotated, rules).map((s) => [
    text.slice(s.start, s.end),
    s.label,
  ])
}

describe('goldSpans', () => {
  it('snaps a boundary inside a token outward to the whole token', () => {
    expect(gold('He received aspirin daily.', [['spiri', 'Drug']])).toEqual([['aspirin', 'Drug']])
  })

  it('drops a span that touches no token', () => {
    expect(gold('pain  now', [[' ', 'Symptom']], MACCROBAT)).toEqual([])
  })

  it('keeps the longer of two overlapping spans, then the earlier one', () => {
    const text = 'left knee pain'
    expect(
      gold(
        text,
        [
          ['knee pain', 'Problem'],
          ['pain', 'Symptom'],
        ],
        LITERATURE,
      ),
    ).toEqual([['knee pain', 'Problem']])
    // Equal lengths (9 chars): "left knee" starts first and wins.
    expect(
      gold(
        text,
        [
          ['knee pain', 'Problem'],
          ['left knee', 'BodyPart'],
        ],
        LITERATURE,
      ),
    ).toEqual([['left knee', 'BodyPart']])
  })

  it('derives Direction from laterality words at the start or end of a body part', () => {
    expect(gold('left knee', [['left knee', 'BodyPart']])).toEqual([
      ['left', 'Direction'],
      ['knee', 'BodyPart'],
    ])
    expect(gold('arm, left', [['arm, left', 'BodyPart']])).toEqual([
      ['arm,', 'BodyPart'],
      ['left', 'Direction'],
    ])
    expect(gold('right-sided weakness', [['right-sided', 'Modifier']])).toEqual([
      ['right-sided', 'Direction'],
    ])
  })

  it('drops non-laterality Modifier spans unless the model keeps Modifier', () => {
    const text = 'mild right lower lobe mass'
    const spans: [string, string][] = [
      ['mild', 'Modifier'],
      ['right lower lobe', 'BodyPart'],
    ]
    expect(gold(text, spans)).toEqual([
      ['right', 'Direction'],
      ['lower lobe', 'BodyPart'],
    ])
    expect(gold(text, spans, { isMaccrobat: true, keepModifier: true })).toEqual([
      ['mild', 'Modifier'],
      ['right', 'Direction'],
      ['lower lobe', 'BodyPart'],
    ])
  })

  it('derives no Direction outside MACCROBAT', () => {
    expect(gold('left knee', [['left knee', 'BodyPart']], LITERATURE)).toEqual([
      ['left knee', 'BodyPart'],
    ])
  })

  it('cuts a span at a sentence range, as training cuts its sentences', () => {
    expect(gold('knee\npain', [['knee\npain', 'Symptom']])).toEqual([
      ['knee', 'Symptom'],
      ['pain', 'Symptom'],
    ])
  })

  it('cuts a sentence of more than 128 tokens into pieces, and spans with it', () => {
    const text = `${'a '.repeat(127)}b c`
    const start = text.indexOf('b')
    const spans = goldSpans(
      text,
      [{ start: 0, end: text.length }],
      [{ start, end: text.length, label: 'Test' }],
      LITERATURE,
    )
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['b', 'c'])
  })
})

describe('sentence ranges', () => {
  it('reads MACCROBAT sentences as the non-blank lines', () => {
    const text = 'One. Two.\n\n  \nThree'
    expect(lineSentences(text).map((s) => text.slice(s.start, s.end))).toEqual([
      'One. Two.',
      'Three',
    ])
  })

  it('splits abstracts after ". " before a capital and at newlines', () => {
    const text = 'Title here\nFirst one. second part. Third.'
    expect(abstractSentences(text).map((s) => text.slice(s.start, s.end))).toEqual([
      'Title here',
      'First one. second part.',
      'Third.',
    ])
  })
})
