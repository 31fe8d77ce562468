// Unit: the plain FTS5 baseline ranks names by bm25 over any query word, and knows no synonyms.
import { describe, expect, it } from 'vitest'
import { createPlainFtsBaseline } from '../../../../src/main/terminology/plainFts'

describe('createPlainFtsBaseline', () => {
  const baseline = createPlainFtsBaseline([
    { code: 'HP:0001250', name: 'Seizure' },
    { code: 'HP:0020219', name: 'Motor seizure' },
    { code: 'HP:0003128', name: 'Lactic acidosis' },
    { code: 'HP:0002664', name: 'Neoplasm' },
  ])

  it('puts the closest name first and caps the list', () => {
    expect(baseline.search('seizure', 5)).toEqual(['HP:0001250', 'HP:0020219'])
    expect(baseline.search('motor seizure', 1)).toEqual(['HP:0020219'])
  })

  it('matches words as written: no stemming, synonyms or punctuation errors', () => {
    expect(baseline.search('seizures', 5)).toEqual([])
    expect(baseline.search('cancer', 5)).toEqual([])
    expect(baseline.search('"lactic" (acidosis) OR', 5)).toEqual(['HP:0003128'])
    expect(baseline.search('  ', 5)).toEqual([])
  })
})
