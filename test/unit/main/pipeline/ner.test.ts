// NER decoding without a model: BIO tags to token chunks.
import { describe, expect, it } from 'vitest'
import { bioChunks } from '../../../../src/main/pipeline/nerChunks'
import { normalizeWord } from '../../../../src/main/pipeline/nerModel'

describe('bioChunks', () => {
  it('turns B/I runs into chunks with exclusive ends', () => {
    expect(bioChunks(['O', 'B-Symptom', 'I-Symptom', 'O', 'B-Drug'])).toEqual([
      { first: 1, end: 3, label: 'Symptom' },
      { first: 4, end: 5, label: 'Drug' },
    ])
  })

  it('starts a new chunk at B-X after B-X, and at a stray I-X of another type', () => {
    expect(bioChunks(['B-Drug', 'B-Drug', 'I-Problem', 'I-Problem'])).toEqual([
      { first: 0, end: 1, label: 'Drug' },
      { first: 1, end: 2, label: 'Drug' },
      { first: 2, end: 4, label: 'Problem' },
    ])
    expect(bioChunks([])).toEqual([])
  })
})

describe('normalizeWord', () => {
  it('lower-cases and writes every decimal digit as 0, as the training side does', () => {
    expect(normalizeWord('HbA1c')).toBe('hba0c')
    expect(normalizeWord('120/80')).toBe('000/00')
    expect(normalizeWord('٣Mg')).toBe('0mg')
  })
})
