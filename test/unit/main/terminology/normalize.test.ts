import { describe, expect, it } from 'vitest'
import {
  americanSpelling,
  isFillerWord,
  normalizeQuery,
  rawTokens,
  specificStems,
  stem,
  titleStems,
  vectorWords,
} from '../../../../src/main/terminology/normalize'

const stems = (text: string): string[] => normalizeQuery(text).map((term) => term.stem)

describe('stem', () => {
  it('conflates the forms coders and titles use', () => {
    expect(stem('knees')).toBe(stem('knee'))
    expect(stem('diabetic')).toBe(stem('diabetes'))
    expect(stem('hypertensive')).toBe(stem('hypertension'))
    expect(stem('laparoscopy')).toBe(stem('laparoscopic'))
    expect(stem('fractures')).toBe(stem('fracture'))
  })

  it('keeps words whose final s is not a plural, short words and numbers', () => {
    expect(stem('abscess')).toBe('abscess')
    expect(stem('abscesses')).toBe('abscess')
    expect(stem('mellitus')).toBe('mellitus')
    expect(stem('leg')).toBe('leg')
    expect(stem('2')).toBe('2')
  })
})

describe('normalizeQuery', () => {
  it('lower-cases, strips punctuation and drops stopwords', () => {
    expect(stems('Pain in the LEFT knee.')).toEqual(['pain', 'left', 'kne'])
  })

  it('expands clinical abbreviations into title words', () => {
    expect(stems('HTN')).toEqual(['hypertens', 'essentia'])
    expect(stems('DM2')).toEqual(['typ', '2', 'diabet', 'mellitus'])
    expect(stems('COPD')).toEqual(['chron', 'obstruct', 'pulmonar', 'diseas'])
    expect(stems('NSTEMI')).toContain('infarct')
  })

  it('marks words an abbreviation only suggests as optional', () => {
    const terms = normalizeQuery('CHF')
    expect(terms.filter((term) => !term.optional).map((term) => term.stem)).toEqual([
      'heart',
      'failur',
    ])
    expect(terms.find((term) => term.stem === 'congest')?.optional).toBe(true)
  })

  it('keeps s/p whole and makes it optional context', () => {
    expect(rawTokens('s/p appendectomy')).toEqual(['s/p', 'appendectomy'])
    const terms = normalizeQuery('s/p appendectomy')
    expect(terms.filter((term) => term.optional).map((term) => term.text)).toEqual(['s/p', 's/p'])
    expect(terms.filter((term) => !term.optional).map((term) => term.stem)).toEqual([
      'resect',
      'appendix',
    ])
  })

  it('reports the query word a term came from', () => {
    expect(normalizeQuery('HTN').map((term) => term.text)).toEqual(['htn', 'htn'])
    expect(normalizeQuery('knees')[0]?.text).toBe('knees')
  })

  it('gives nothing for stopwords and punctuation alone', () => {
    expect(normalizeQuery('of the, and ...')).toEqual([])
  })

  it('splits hyphenated words and removes accents', () => {
    expect(stems('Gastro-esophageal reflux')).toEqual(['gastro', 'esophage', 'reflux'])
    expect(rawTokens('Ménière')).toEqual(['meniere'])
  })
})

describe('titleStems', () => {
  it('stems a title the way queries are stemmed', () => {
    expect(titleStems('Pain in left knee')).toEqual(['pain', 'left', 'kne'])
    expect(titleStems('Resection of Appendix, Percutaneous Endoscopic Approach')).toEqual(
      stems('resection appendix percutaneous endoscopic approach'),
    )
  })

  it('splits words at slashes, hyphens and any other non-letter, accents removed', () => {
    expect(titleStems('Café-au-lait spots a-/b //x, T2/T3')).toEqual([
      'caf',
      'au',
      'lait',
      'spot',
      'b',
      'x',
      't2',
      't3',
    ])
  })
})

describe('isFillerWord', () => {
  it('knows the words that add no specificity, and not "other"', () => {
    expect(['unspecified', 'without', 'complications', 'nos'].every(isFillerWord)).toBe(true)
    expect(isFillerWord('other')).toBe(false)
    expect(isFillerWord('knee')).toBe(false)
  })

  it('does not take "nose" (stem "nos") for NOS, so "Pain > nose" is less precise than "Pain"', () => {
    expect(specificStems('Pain (s) > nose')).toEqual(['pain', stem('nose')])
    expect(specificStems('Pain NOS')).toEqual(['pain'])
  })
})

describe('specificStems', () => {
  it('drops filler and the nonessential words in parentheses, once each', () => {
    expect(specificStems('Essential (primary) hypertension')).toEqual(['hypertens'])
    expect(
      specificStems('Unspecified fracture of left femur, initial encounter for closed fracture'),
    ).toEqual(['fractur', 'left', 'femur'])
    expect(specificStems('Other chest pain')).toEqual(['other', 'chest', 'pain'])
  })

  it('keeps the first of repeated stems, in order, and a title with an unclosed parenthesis whole', () => {
    expect(specificStems('Knee pain, pain of knees (bilateral) and knee')).toEqual(['kne', 'pain'])
    expect(specificStems('Pain (left knee')).toEqual(['pain', 'left', 'kne'])
  })
})

describe('stem: Latin and Greek forms, British spellings (issue 4)', () => {
  it('keeps -ia words whole and gives their plurals the same stem', () => {
    expect(stem('pneumonia')).toBe('pneumonia')
    expect(stem('pneumonias')).toBe('pneumonia')
    expect(stem('pneumoniae')).toBe('pneumonia')
    expect(stem('hernias')).toBe(stem('hernia'))
    expect(stem('bacteria')).toBe('bacteria')
    expect(stem('bacterium')).toBe('bacteria')
    expect(stem('bacterial')).toBe('bacteria')
  })

  it('brings -ae and -i plurals to their singular', () => {
    expect(stem('vertebrae')).toBe(stem('vertebra'))
    expect(stem('bronchi')).toBe(stem('bronchus'))
    expect(stem('calculi')).toBe(stem('calculus'))
    expect(stem('emboli')).toBe(stem('embolus'))
  })

  it('matches British spellings to the American ones ICD-10 uses', () => {
    expect(stem('anaemia')).toBe('anemia')
    expect(stem('anaemia')).toBe(stem('anemia'))
    expect(stem('haemorrhage')).toBe(stem('hemorrhage'))
    expect(stem('oedema')).toBe(stem('edema'))
    expect(stem('diarrhoea')).toBe(stem('diarrhea'))
    expect(americanSpelling('paediatric')).toBe('pediatric')
  })

  it('leaves words that only look alike apart', () => {
    expect(stem('pneumonia')).not.toBe(stem('pneumothorax'))
    expect(stem('anemia')).not.toBe(stem('anoxia'))
    expect(americanSpelling('aerosol')).toBe('aerosol')
    expect(americanSpelling('toe')).toBe('toe')
  })
})

describe('abbreviations on the index side (issue 4)', () => {
  it('indexes a title under the expansion of its abbreviations', () => {
    const stems = titleStems('Decompensated COPD')
    expect(stems).toEqual(expect.arrayContaining(['chron', 'obstruct', 'pulmonar', 'diseas']))
    expect(
      normalizeQuery('chronic obstructive pulmonary disease').every((term) =>
        stems.includes(term.stem),
      ),
    ).toBe(true)
  })

  it('adds each expansion word once and leaves 2-letter words of titles alone', () => {
    expect(titleStems('Chronic kidney disease (CKD)')).toEqual(['chron', 'kidne', 'diseas', 'ckd'])
    expect(titleStems('Shelter dm matrix, per square centimeter')).not.toContain('diabet')
  })

  it('gives the words a text is embedded with, expansions on both sides', () => {
    // "mellitus" is a filler word: it says nothing more specific.
    expect(vectorWords('HTN and DM2', 'query')).toEqual(['hypertension', 'type', 'diabetes'])
    expect(vectorWords('Hx of COPD, unspecified', 'index')).toEqual([
      'hx',
      'copd',
      'chronic',
      'obstructive',
      'pulmonary',
      'disease',
    ])
  })
})
