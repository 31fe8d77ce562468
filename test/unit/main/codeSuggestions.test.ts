import { describe, expect, it } from 'vitest'
import type { Assertion, Chunk, CodeCandidate } from '../../../src/shared/domain'
import { coreMatches, MIN_SUGGESTION_SCORE, suggestCodes } from '../../../src/main/codeSuggestions'
import type { Resolver } from '../../../src/main/codeSuggestions'

const text = 'Left knee pain. Denies fever. MRI of the knee.'

function chunk(
  id: string,
  start: number,
  end: number,
  label: string,
  assertion: Assertion = 'present',
): Chunk {
  return {
    id,
    start,
    end,
    text: text.slice(start, end),
    label,
    confidence: 0.9,
    assertion,
    assertionCue: null,
  }
}

/** A resolver over a fixed table, recording what it was asked. */
function tableResolver(rows: Record<string, CodeCandidate[]>) {
  const asked: { text: string; systems: readonly string[] }[] = []
  const resolver: Resolver = {
    resolve(query, { systems, limit }) {
      asked.push({ text: query, systems })
      return (rows[query] ?? []).filter((c) => systems.includes(c.system)).slice(0, limit)
    },
  }
  return { resolver, asked }
}

function candidate(
  system: string,
  code: string,
  score: number,
  matched: readonly string[] = [],
): CodeCandidate {
  return { system, code, description: code, billable: true, score, parents: [], matched }
}

describe('suggestCodes', () => {
  const rows = {
    'knee pain': [candidate('ICD-10-CM', 'M25.569', 0.9), candidate('ICD-10-CM', 'M25.562', 0.8)],
    fever: [candidate('ICD-10-CM', 'R50.9', 0.9)],
    MRI: [candidate('ICD-10-PCS', 'BW03ZZZ', 0.5)],
  }

  it('ranks each chunk per system from 1 and carries the chunk text and assertion', () => {
    const { resolver } = tableResolver(rows)
    const chunks = [chunk('c1', 5, 14, 'Symptom')]
    const suggestions = suggestCodes(chunks, resolver, {
      systems: ['ICD-10-CM', 'ICD-10-PCS'],
      limit: 5,
    })
    expect(suggestions.map((s) => [s.code, s.rank, s.basis, s.chunkText, s.assertion])).toEqual([
      ['M25.569', 1, 'base', 'knee pain', 'present'],
      ['M25.562', 2, 'base', 'knee pain', 'present'],
    ])
  })

  it('does not suggest negated, hypothetical or family chunks as the patient’s condition', () => {
    const { resolver, asked } = tableResolver(rows)
    for (const assertion of ['absent', 'hypothetical', 'family'] as const) {
      expect(
        suggestCodes([chunk('c2', 23, 28, 'Symptom', assertion)], resolver, {
          systems: ['ICD-10-CM'],
          limit: 5,
        }),
      ).toEqual([])
    }
    expect(asked).toEqual([])
    expect(
      suggestCodes([chunk('c2', 23, 28, 'Symptom', 'historical')], resolver, {
        systems: ['ICD-10-CM'],
        limit: 5,
      }),
    ).toHaveLength(1)
  })

  it('routes procedures and tests to ICD-10-PCS, problems to ICD-10-CM, and skips context labels', () => {
    const { resolver, asked } = tableResolver(rows)
    suggestCodes(
      [chunk('c1', 5, 14, 'Problem'), chunk('c3', 30, 33, 'Test'), chunk('c4', 0, 4, 'Direction')],
      resolver,
      { systems: ['ICD-10-CM', 'ICD-10-PCS'], limit: 5 },
    )
    expect(asked).toEqual([
      { text: 'knee pain', systems: ['ICD-10-CM'] },
      { text: 'MRI', systems: ['ICD-10-PCS'] },
    ])
  })

  it('routes drugs to HCPCS and procedures to ICD-10-PCS and HCPCS', () => {
    const { resolver, asked } = tableResolver(rows)
    const drug = { ...chunk('c5', 0, 4, 'Drug'), text: 'ceftriaxone' }
    const procedure = { ...chunk('c6', 30, 33, 'Procedure'), text: 'appendectomy' }
    suggestCodes([drug, procedure], resolver, {
      systems: ['ICD-10-CM', 'ICD-10-PCS', 'HCPCS'],
      limit: 5,
    })
    expect(asked).toEqual([
      { text: 'ceftriaxone', systems: ['HCPCS'] },
      { text: 'appendectomy', systems: ['ICD-10-PCS'] },
      { text: 'appendectomy', systems: ['HCPCS'] },
    ])
  })

  it('shows no code scoring under the floor, and ranks the rest from 1', () => {
    const { resolver } = tableResolver({
      lisinopril: [
        candidate('HCPCS', 'J0206', MIN_SUGGESTION_SCORE - 0.3),
        candidate('HCPCS', 'J1234', MIN_SUGGESTION_SCORE),
      ],
    })
    const drug = { ...chunk('c5', 0, 4, 'Drug'), text: 'lisinopril' }
    const suggestions = suggestCodes([drug], resolver, { systems: ['HCPCS'], limit: 5 })
    expect(suggestions.map((s) => [s.code, s.rank])).toEqual([['J1234', 1]])
  })

  it('leaves out systems the user did not ask for', () => {
    const { resolver } = tableResolver(rows)
    expect(
      suggestCodes([chunk('c3', 30, 33, 'Test')], resolver, { systems: ['ICD-10-CM'], limit: 5 }),
    ).toEqual([])
  })
})

describe('suggestCodes with enriched chunks', () => {
  const rows = {
    pain: [candidate('ICD-10-CM', 'R52', 0.7)],
    'left knee pain': [
      candidate('ICD-10-CM', 'M25.562', 0.95, ['left', 'knee', 'pain']),
      candidate('ICD-10-CM', 'M25.569', 0.6, ['knee', 'pain']),
    ],
  }
  const pain = { ...chunk('c2', 10, 14, 'Symptom'), text: 'pain' }
  const leftKneePain = { chunk: 'c2', modifiers: ['c1'], text: 'left knee pain' }
  const suggestForPain = (resolver: Resolver) =>
    suggestCodes([pain], resolver, { systems: ['ICD-10-CM'], limit: 5 }, [leftKneePain])

  it('adds enriched suggestions beside the base ones, ranked from 1 per chunk, basis and system', () => {
    const { resolver, asked } = tableResolver(rows)
    const suggestions = suggestForPain(resolver)
    expect(suggestions.map((s) => [s.chunk, s.basis, s.chunkText, s.code, s.rank])).toEqual([
      ['c2', 'base', 'pain', 'R52', 1],
      ['c2', 'enriched', 'left knee pain', 'M25.562', 1],
      ['c2', 'enriched', 'left knee pain', 'M25.569', 2],
    ])
    expect(asked.map((a) => a.text)).toEqual(['pain', 'left knee pain'])
  })

  it('keeps only enriched codes that match a word of the core chunk, from a deeper pool', () => {
    const modifiersOnly = Array.from({ length: 6 }, (_, k) =>
      candidate('ICD-10-CM', `S80.0${k}`, 0.9 - k / 100, ['left', 'knee']),
    )
    const { resolver } = tableResolver({
      'left knee pain': [
        ...modifiersOnly,
        candidate('ICD-10-CM', 'M25.562', 0.8, ['knee', 'pain']),
      ],
    })
    const suggestions = suggestForPain(resolver).filter((s) => s.basis === 'enriched')
    // The six knee codes rank above it but name no pain.
    expect(suggestions.map((s) => [s.code, s.rank])).toEqual([['M25.562', 1]])
  })

  it('codes no enriched chunk whose base chunk is negated or unknown', () => {
    const { resolver, asked } = tableResolver(rows)
    const negated = { ...pain, assertion: 'absent' as const }
    const enriched = [leftKneePain, { ...leftKneePain, chunk: 'c9' }]
    expect(
      suggestCodes([negated], resolver, { systems: ['ICD-10-CM'], limit: 5 }, enriched),
    ).toEqual([])
    expect(asked).toEqual([])
  })
})

describe('coreMatches', () => {
  const codes = [
    candidate('ICD-10-CM', 'F03.B0', 0.9, ['moderate']),
    candidate('ICD-10-CM', 'R68.89', 0.5, ['syndrome']),
  ]

  it('keeps the candidates whose match names a word of the core chunk, in order', () => {
    expect(coreMatches(codes, 'general syndrome').map((c) => c.code)).toEqual(['R68.89'])
  })

  it('keeps every candidate when the core chunk has no searchable word', () => {
    expect(coreMatches(codes, 'the')).toHaveLength(2)
  })
})
