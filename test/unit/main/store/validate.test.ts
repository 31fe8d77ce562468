import { describe, expect, it } from 'vitest'
import { CoderError } from '../../../../src/shared/errors'
import { validateCoded } from '../../../../src/main/store/validate'
import { CHUNKS, META, NOTE_TEXT, SUGGESTIONS, codedNote } from './codedNote'

/** The error validateCoded throws for `doc`, or undefined when it passes. */
function problemOf(doc = codedNote(), meta = META): CoderError | undefined {
  try {
    validateCoded(doc, meta)
    return undefined
  } catch (error) {
    if (error instanceof CoderError) return error
    throw error
  }
}

describe('validateCoded', () => {
  it('accepts the fixture and lower-cases the hash', () => {
    expect(validateCoded(codedNote(), { ...META, sha256: 'AB'.repeat(32) })).toBe('ab'.repeat(32))
  })

  it('spells out fixture offsets that match the text', () => {
    for (const c of CHUNKS) expect(NOTE_TEXT.slice(c.start, c.end)).toBe(c.text)
  })

  it('refuses a chunk whose text is not its slice, naming the key and offsets only', () => {
    const chunks = CHUNKS.map((c) => (c.id === 'c2' ? { ...c, text: 'knees' } : c))
    const error = problemOf(codedNote({ chunks }))
    expect(error?.code).toBe('E_INVALID_REQUEST')
    expect(error?.message).toContain('chunk c2 [13, 17)')
    expect(error?.message).not.toContain('knee')
  })

  it('refuses offsets counted in code points instead of UTF-16 units', () => {
    const chunks = CHUNKS.map((c) => (c.id === 'c1' ? { ...c, start: 7, end: 11 } : c))
    expect(problemOf(codedNote({ chunks }))?.message).toContain('text differs from its slice')
  })

  it('refuses spans outside the text or inverted', () => {
    const outside = CHUNKS.map((c) => (c.id === 'c5' ? { ...c, start: 94, end: 97 } : c))
    expect(problemOf(codedNote({ chunks: outside }))?.message).toContain('outside the text of 96')
    const inverted = CHUNKS.map((c) => (c.id === 'c5' ? { ...c, start: 94, end: 90 } : c))
    expect(problemOf(codedNote({ chunks: inverted }))).toBeDefined()
    const section = [{ name: 'HPI', start: 0, end: 200 }]
    expect(problemOf(codedNote({ sections: section }))?.message).toContain('section [0, 200)')
  })

  it('refuses a cue whose text is not its slice', () => {
    const chunks = CHUNKS.map((c) =>
      c.id === 'c4' ? { ...c, assertionCue: { start: 37, end: 43, text: 'denied' } } : c,
    )
    expect(problemOf(codedNote({ chunks }))?.message).toContain('cue text differs')
  })

  it('refuses duplicate chunk ids and dangling keys', () => {
    const twice = [...CHUNKS, CHUNKS[0]!]
    expect(problemOf(codedNote({ chunks: twice }))?.message).toContain('c1 is used twice')
    const orphan = [...SUGGESTIONS, { ...SUGGESTIONS[0]!, chunk: 'c9' }]
    expect(problemOf(codedNote({ suggestions: orphan }))?.message).toContain(
      'for c9: unknown chunk',
    )
    const relation = { head: 'c1', tail: 'c9', type: 'x', confidence: 1, model: 'fast' as const }
    expect(problemOf(codedNote({ relations: [relation] }))?.message).toContain('c1→c9')
    const enriched = [{ chunk: 'c3', modifiers: ['c8'], text: 'x' }]
    expect(problemOf(codedNote({ enriched }))?.message).toContain('enriched chunk c3')
  })

  it('refuses bad suggestion fields', () => {
    const rank = [{ ...SUGGESTIONS[0]!, rank: 0 }]
    expect(problemOf(codedNote({ suggestions: rank }))?.message).toContain('rank must be 1 or more')
    const score = [{ ...SUGGESTIONS[0]!, score: Number.NaN }]
    expect(problemOf(codedNote({ suggestions: score }))?.message).toContain('score is not a number')
  })

  it('refuses bad metadata', () => {
    expect(problemOf(codedNote(), { ...META, sha256: 'abc' })?.message).toContain('64 hex digits')
    const mode = { ...META, mode: 'slow' as 'fast' }
    expect(problemOf(codedNote(), mode)?.message).toContain('mode must be fast or accurate')
    const started = { ...META, startedAt: 'yesterday' }
    expect(problemOf(codedNote(), started)?.message).toContain('startedAt')
  })
})
