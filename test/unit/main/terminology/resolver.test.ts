import { describe, expect, it } from 'vitest'
import type { CodeCandidate } from '../../../../src/shared/domain'
import { createResolver } from '../../../../src/main/terminology/resolver'
import type { SearchOptions, Searcher } from '../../../../src/main/terminology/search'
import { requireSystem } from '../../../../src/main/terminology/systems'

// A recording searcher: the resolver's own logic (systems, cache) is what is under test here.
function recordingSearcher(): Searcher & { calls: string[] } {
  const calls: string[] = []
  return {
    calls,
    search(text: string, options: SearchOptions = {}): CodeCandidate[] {
      const systems = options.systems ?? [options.system ?? '']
      calls.push(`${systems.join(',')}:${text}`)
      return systems.map((system) => ({
        system,
        code: text,
        description: text,
        billable: true,
        score: system === 'ICD-10-CM' ? 0.5 : 0.9,
        parents: [],
        matched: [],
      }))
    },
    systemName: requireSystem,
    reset() {},
  }
}

describe('createResolver', () => {
  it('searches the systems asked for together, once, by their index names', () => {
    const searcher = recordingSearcher()
    const resolver = createResolver(searcher)
    const candidates = resolver.resolve('knee', { systems: ['icd10pcs', 'icd10cm'], limit: 5 })
    expect(searcher.calls).toEqual(['ICD-10-CM,ICD-10-PCS:knee'])
    expect(candidates.map((c) => c.system)).toEqual(['ICD-10-CM', 'ICD-10-PCS'])
    expect(resolver.resolve('knee', { systems: [], limit: 5 })).toEqual([])
  })

  it('serves texts that normalize alike from the cache', () => {
    const searcher = recordingSearcher()
    const resolver = createResolver(searcher)
    resolver.resolve('Left knee pain', { systems: ['ICD-10-CM'], limit: 5 })
    resolver.resolve('left knee pain.', { systems: ['icd10cm'], limit: 5 })
    expect(searcher.calls).toHaveLength(1)
    resolver.clear()
    resolver.resolve('left knee pain', { systems: ['ICD-10-CM'], limit: 5 })
    expect(searcher.calls).toHaveLength(2)
  })

  it('does not serve a text from the entry of another with the same stems but other words', () => {
    const searcher = recordingSearcher()
    const resolver = createResolver(searcher)
    const plural = resolver.resolve('rib fractures', { systems: ['ICD-10-CM'], limit: 5 })
    const singular = resolver.resolve('rib fracture', { systems: ['ICD-10-CM'], limit: 5 })
    // The vector list reads unstemmed words, so each text is searched, and answered, as itself.
    expect(searcher.calls).toEqual(['ICD-10-CM:rib fractures', 'ICD-10-CM:rib fracture'])
    expect(singular.map((c) => c.code)).toEqual(['rib fracture'])
    expect(plural.map((c) => c.code)).toEqual(['rib fractures'])
  })

  it('refuses an unknown system', () => {
    const resolver = createResolver(recordingSearcher())
    expect(() => resolver.resolve('knee', { systems: ['snomed'], limit: 5 })).toThrow(/snomed/)
  })
})
