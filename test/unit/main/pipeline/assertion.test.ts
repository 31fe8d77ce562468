// Assertion: ConText cues, their scope, and section defaults, on sentences written for the test.
import { describe, expect, it } from 'vitest'
import { assertChunk, assertChunks, findCues } from '../../../../src/main/pipeline/assertion'
import { splitSentences } from '../../../../src/main/pipeline/segment'
import { findSections } from '../../../../src/main/pipeline/sections'
import { startAnalysis } from '../../../../src/main/pipeline/step'
import type { Chunk } from '../../../../src/shared/domain'

/** Asserts `target` (its first occurrence) in a one-sentence text. */
function assertIn(text: string, target: string, label = 'Problem') {
  const start = text.indexOf(target)
  const chunk = { start, end: start + target.length, label }
  return assertChunk(text, chunk, findCues(text, { start: 0, end: text.length }), null)
}

describe('assertChunk', () => {
  it.each([
    ['Patient denies chest pain.', 'chest pain', 'absent', 'denies'],
    ['No fever but has cough.', 'fever', 'absent', 'No'],
    ['No fever but has cough.', 'cough', 'present', null],
    ['Family history of diabetes.', 'diabetes', 'family', 'Family history of'],
    ['Her mother had breast cancer.', 'breast cancer', 'family', 'mother had'],
    ['History of MI in 2019.', 'MI', 'historical', 'History of'],
    ['Patient is s/p appendectomy.', 'appendectomy', 'historical', 's/p'],
    ['Rule out PE.', 'PE', 'possible', 'Rule out'],
    ['Pneumonia is suspected.', 'Pneumonia', 'possible', 'is suspected'],
    ['Return if fever.', 'fever', 'hypothetical', 'Return if'],
    ['Tylenol as needed for pain.', 'pain', 'hypothetical', 'as needed for'],
    ['PE was ruled out.', 'PE', 'absent', 'was ruled out'],
    ['No history of MI.', 'MI', 'absent', 'No history of'],
    ['No known history of MI.', 'MI', 'absent', 'No known'],
    ['No fever, history of MI.', 'MI', 'historical', 'history of'],
    ['Denies fever, chills, nausea or vomiting.', 'vomiting', 'absent', 'Denies'],
    ['Left knee pain.', 'knee pain', 'present', null],
    ['History of present illness: knee pain.', 'knee pain', 'present', null],
    ['No change in knee pain.', 'knee pain', 'present', null],
  ])('%s → %s is %s (cue %s)', (text, target, assertion, cue) => {
    const result = assertIn(text, target)
    expect(result.assertion).toBe(assertion)
    expect(result.cue?.text ?? null).toBe(cue)
    if (result.cue) expect(text.slice(result.cue.start, result.cue.end)).toBe(result.cue.text)
  })

  it('leaves labels that take no assertion present', () => {
    expect(assertIn('No left knee pain.', 'left', 'Direction')).toEqual({
      assertion: 'present',
      cue: null,
    })
  })

  it('applies "negative" after a problem but not after a test', () => {
    expect(assertIn('Strep throat negative.', 'Strep throat', 'Problem').assertion).toBe('absent')
    expect(assertIn('Strep test negative.', 'Strep test', 'Test').assertion).toBe('present')
  })
})

describe('assertChunks', () => {
  const text = [
    'HISTORY OF PRESENT ILLNESS',
    'Knee pain.',
    '',
    'Past Medical History:',
    'Diabetes. No asthma.',
    '',
    '## Family History',
    'Hypertension.',
  ].join('\n')
  const chunkAt = (target: string, id: string): Chunk => {
    const start = text.indexOf(target)
    return {
      id,
      start,
      end: start + target.length,
      text: target,
      label: 'Problem',
      confidence: 0.9,
      assertion: 'present',
      assertionCue: null,
    }
  }

  it('uses section defaults, with the header as cue, unless a cue says more', () => {
    const document = {
      id: 'n.txt',
      path: '/n.txt',
      text,
      encoding: 'utf-8',
      sections: findSections(text),
    }
    const analysis = {
      ...startAnalysis(document),
      sentences: splitSentences(text),
      chunks: ['Knee pain', 'Diabetes', 'asthma', 'Hypertension'].map((t, i) =>
        chunkAt(t, `c${i + 1}`),
      ),
    }
    const result = assertChunks(analysis)
    expect(result.chunks.map((c) => [c.text, c.assertion, c.assertionCue?.text ?? null])).toEqual([
      ['Knee pain', 'present', null],
      ['Diabetes', 'historical', 'Past Medical History'],
      ['asthma', 'absent', 'No'],
      ['Hypertension', 'family', 'Family History'],
    ])
    expect(Object.isFrozen(result.chunks[0])).toBe(true)
    expect(analysis.chunks[1]?.assertion).toBe('present')
  })
})
