import { describe, expect, it } from 'vitest'
import {
  normalizeQuery,
  specificStems,
  titleStems,
} from '../../../../src/main/terminology/normalize'
import { bm25, rankHits, type Hit, type WeightedTerm } from '../../../../src/main/terminology/rank'

function hit(code: string, description: string, billable: boolean, ancestors: string[] = []): Hit {
  return {
    id: code.length,
    system: 'ICD-10-CM',
    code,
    description,
    billable,
    ancestors,
    stems: titleStems(description),
    stemSet: new Set(titleStems(description)),
    specific: specificStems(description),
  }
}

function weighted(text: string, weights: Record<string, number> = {}): WeightedTerm[] {
  return normalizeQuery(text).map((term) => ({
    ...term,
    forms: [term.stem],
    documents: 10,
    weight: weights[term.stem] ?? 1,
  }))
}

const KNEE = [
  hit('M25.56', 'Pain in knee', false, ['M25.5', 'M25']),
  hit('M25.561', 'Pain in right knee', true, ['M25.56', 'M25.5', 'M25']),
  hit('M25.562', 'Pain in left knee', true, ['M25.56', 'M25.5', 'M25']),
  hit('M25.569', 'Pain in unspecified knee', true, ['M25.56', 'M25.5', 'M25']),
  hit('M25.552', 'Pain in left hip', true, ['M25.55', 'M25.5', 'M25']),
]

describe('rankHits', () => {
  it('puts the title that covers every query word first', () => {
    const ranked = rankHits(KNEE, weighted('pain in left knee'), 5, 4)
    expect(ranked[0]?.code).toBe('M25.562')
    expect(ranked[0]?.matched).toEqual(['pain', 'left', 'knee'])
    expect(ranked[0]?.parents).toEqual(['M25.56', 'M25.5', 'M25'])
  })

  it('weights rare words above common ones', () => {
    const ranked = rankHits(KNEE, weighted('left knee pain', { left: 0.1, kne: 3, pain: 1 }), 5, 4)
    expect(ranked.findIndex((c) => c.code === 'M25.552')).toBeGreaterThan(
      ranked.findIndex((c) => c.code === 'M25.569'),
    )
  })

  it('never ranks a non-billable category above a billable child that matches as well', () => {
    // "Pain in knee" is the most precise title for "knee pain", but it is not billable.
    const ranked = rankHits(KNEE, weighted('knee pain'), 5, 4)
    const header = ranked.findIndex((c) => c.code === 'M25.56')
    const child = ranked.findIndex((c) => c.code === 'M25.569')
    expect(child).toBeLessThan(header)
    expect(ranked[child]!.score).toBeGreaterThan(ranked[header]!.score)
  })

  it('lets a category rank above billable codes that are not its children', () => {
    const hits = [
      hit('E11', 'Type 2 diabetes mellitus', false),
      hit(
        'O24.11',
        'Pre-existing type 2 diabetes mellitus, in pregnancy, childbirth and the puerperium with many more words',
        true,
      ),
    ]
    const ranked = rankHits(hits, weighted('type 2 diabetes'), 2, 8)
    expect(ranked[0]?.code).toBe('E11')
  })

  it('prefers "unspecified" to "other" when the query specifies nothing more', () => {
    const hits = [
      hit('R07.89', 'Other chest pain', true),
      hit('R07.9', 'Chest pain, unspecified', true),
    ]
    expect(rankHits(hits, weighted('chest pain'), 2, 3)[0]?.code).toBe('R07.9')
  })

  it('takes an unqualified fracture as the initial encounter for a closed fracture', () => {
    const hits = [
      hit('S72.92XS', 'Unspecified fracture of left femur, sequela', true),
      hit(
        'S72.92XA',
        'Unspecified fracture of left femur, initial encounter for closed fracture',
        true,
      ),
    ]
    expect(rankHits(hits, weighted('fracture of left femur'), 2, 6)[0]?.code).toBe('S72.92XA')
  })

  it('reads words in parentheses as nonessential: plain "hypertension" is I10', () => {
    const hits = [
      hit('K76.6', 'Portal hypertension', true),
      hit('I10', 'Essential (primary) hypertension', true),
      hit('P29.2', 'Neonatal hypertension', true),
    ]
    expect(rankHits(hits, weighted('hypertension'), 3, 3)[0]?.code).toBe('I10')
  })

  it('prefers a billable code over a non-billable one of equal text', () => {
    const hits = [hit('A01', 'Typhoid fever', false), hit('A01.00', 'Typhoid fever', true)]
    expect(rankHits(hits, weighted('typhoid fever'), 2, 2)[0]?.code).toBe('A01.00')
  })

  it('keeps scores in [0, 1] and sorted, and honours the limit', () => {
    const ranked = rankHits(KNEE, weighted('pain in left knee'), 3, 4)
    expect(ranked).toHaveLength(3)
    for (const candidate of ranked) {
      expect(candidate.score).toBeGreaterThanOrEqual(0)
      expect(candidate.score).toBeLessThanOrEqual(1)
    }
    expect(ranked.map((c) => c.score)).toEqual(
      [...ranked.map((c) => c.score)].sort((a, b) => b - a),
    )
  })

  it('counts optional words for less than required ones', () => {
    const hits = [
      hit('I50.9', 'Heart failure, unspecified', true),
      hit('I50.20', 'Unspecified systolic (congestive) heart failure', true),
    ]
    const ranked = rankHits(hits, weighted('CHF'), 2, 5)
    expect(ranked.every((candidate) => candidate.matched.includes('chf'))).toBe(true)
  })
})

describe('bm25', () => {
  it('gives a shorter title more for the same matched words', () => {
    const terms = weighted('pain knee')
    expect(bm25(KNEE[0]!, terms, 4)).toBeGreaterThan(
      bm25(hit('X', 'Pain in knee with very many other words', true), terms, 4),
    )
  })

  it('is zero when nothing matches', () => {
    expect(bm25(KNEE[4]!, weighted('heart'), 4)).toBe(0)
  })
})
