import { describe, expect, it } from 'vitest'
import { normalizeQuery } from '../../../../src/main/terminology/normalize'
import type { WeightedTerm } from '../../../../src/main/terminology/rank'
import { allOf, isCodeQuery, relaxedPasses } from '../../../../src/main/terminology/search'

function weighted(text: string, documents: Record<string, number>): WeightedTerm[] {
  return normalizeQuery(text).map((term) => ({
    ...term,
    forms: [term.stem],
    documents: documents[term.stem] ?? 1,
    weight: 1,
  }))
}

describe('relaxedPasses', () => {
  it('asks for every required word first, rarest first, then drops the most frequent', () => {
    const passes = relaxedPasses(
      weighted('pain in left knee', { pain: 500, left: 40000, kne: 900 }),
    )
    expect(passes.map((pass) => pass.map((term) => term.stem))).toEqual([
      ['pain', 'kne', 'left'],
      ['pain', 'kne'],
      ['pain', 'left'],
      ['kne', 'left'],
      ['pain'],
    ])
  })

  it('leaves optional words out of the match', () => {
    const passes = relaxedPasses(weighted('CHF', {}))
    expect(passes[0]?.map((term) => term.stem)).toEqual(['heart', 'failur'])
  })

  it('has one pass for one word and none for none', () => {
    expect(relaxedPasses(weighted('pneumonia', {}))).toHaveLength(1)
    expect(relaxedPasses([])).toEqual([])
  })
})

describe('allOf', () => {
  it('quotes every form and groups alternatives', () => {
    const [first, second] = weighted('append knee', {})
    const terms = [{ ...first!, forms: ['appendix', 'appendicit'] }, second!]
    expect(allOf(terms)).toBe('("appendix" OR "appendicit") AND "kne"')
  })
})

describe('isCodeQuery', () => {
  it('recognises codes with or without the dot, and PCS codes', () => {
    expect(isCodeQuery('M25.562')).toBe(true)
    expect(isCodeQuery('m25562')).toBe(true)
    expect(isCodeQuery('I10')).toBe(true)
    expect(isCodeQuery('0DTJ4ZZ')).toBe(true)
  })

  it('does not take words for codes', () => {
    expect(isCodeQuery('knee')).toBe(false)
    expect(isCodeQuery('pain in left knee')).toBe(false)
  })
})
