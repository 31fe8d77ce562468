// Integration (issue 4): vector candidates from sqlite-vec fused with FTS5, on a real index built with word vectors.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  buildIndexFromResources,
  openTerminology,
  parseOrderFile,
  recordWordVectors,
  writeResources,
  type TerminologyService,
} from '../../../src/main/terminology'

const FIXTURES = resolve('test/fixtures/terminology')

// Four directions: blood pressure, heart, joint pain, the rest. "raised" and "pressure" appear in
// no fixture title, so only the vector index can lead from them to hypertension.
const VECTORS: Record<string, readonly number[]> = {
  hypertension: [1, 0, 0, 0],
  pressure: [0.95, 0, 0, 0.3],
  raised: [0.9, 0, 0, 0.4],
  heart: [0, 1, 0, 0],
  failure: [0, 0.9, 0, 0.4],
  pain: [0, 0, 1, 0],
  knee: [0, 0, 0.9, 0.4],
  joint: [0, 0, 0.9, 0.4],
  diabetes: [0, 0, 0, 1],
}

// The layout of scripts/terminologyVectors.py: header length, JSON header, words, int8 matrix.
function writeWordVectors(dir: string): void {
  const words = Object.keys(VECTORS)
  const header = Buffer.from(
    JSON.stringify({
      format: 1,
      dim: 4,
      words: words.length,
      scale: 127,
      model: 'test',
      modelSha256: 'none',
      madeBy: 'vectorSearch.test.ts',
    }),
  )
  const length = Buffer.alloc(4)
  length.writeUInt32LE(header.length)
  const matrix = Int8Array.from(
    words.flatMap((word) => {
      const vector = VECTORS[word] ?? []
      const norm = Math.hypot(...vector)
      return vector.map((value) => Math.round((value / norm) * 127))
    }),
  )
  const body = Buffer.concat([
    length,
    header,
    Buffer.from(`${words.join('\n')}\n`),
    Buffer.from(matrix.buffer),
  ])
  writeFileSync(join(dir, 'word-vectors.bin.gz'), gzipSync(body))
  recordWordVectors(dir, 'word-vectors.bin.gz')
}

let dir: string
let service: TerminologyService

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vector-search-'))
  const resources = join(dir, 'resources')
  mkdirSync(resources)
  writeResources(resources, [parseOrderFile(join(FIXTURES, 'icd10cm_order_2026.txt'))])
  writeWordVectors(resources)
  const dbPath = join(dir, 'terminology.sqlite')
  buildIndexFromResources(dbPath, resources)
  service = openTerminology({ dbPath, resourcesDir: resources, readonly: true })
})

afterAll(() => {
  service.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('vector candidates (sqlite-vec) fused with full-text ones', () => {
  it('finds a code by meaning when no word of the query is in its title, and says "vector"', () => {
    expect(service.search('raised pressure', { system: 'ICD-10-CM', retrieval: 'fts' })).toEqual([])
    const [first] = service.search('raised pressure', { system: 'ICD-10-CM' })
    expect(first?.code).toBe('I10')
    expect(first?.matched).toEqual([])
    expect(first?.via).toEqual([{ kind: 'vector', text: 'Essential (primary) hypertension' }])
  })

  it('ranks a full-text match above vector-only neighbours, and says both', () => {
    // "raised": in no title, so no title has every word and the vector list is fused in.
    const candidates = service.search('raised pain in left knee', { system: 'ICD-10-CM', limit: 5 })
    expect(candidates[0]?.code).toBe('M25.562')
    expect(candidates[0]?.via?.map((via) => via.kind)).toEqual(['description', 'vector'])
    expect(candidates[0]?.matched).toEqual(expect.arrayContaining(['pain', 'left', 'knee']))
  })

  it('skips the vector scan when titles have every word of the query and fill the list', () => {
    const fused = service.search('pain in left knee', { system: 'ICD-10-CM', limit: 1 })
    expect(fused[0]?.code).toBe('M25.562')
    expect(fused[0]?.via?.map((via) => via.kind)).toEqual(['description'])
    // Too few full-text candidates for the limit asked: the vector list tops them up.
    const topped = service.search('pain in left knee', { system: 'ICD-10-CM', limit: 50 })
    expect(topped.some((candidate) => candidate.via?.some((via) => via.kind === 'vector'))).toBe(
      true,
    )
  })

  it('judges the need for vectors on all the systems a resolve searches together', () => {
    const resolved = service.resolve('pain in left knee', { systems: ['ICD-10-CM'], limit: 1 })
    expect(resolved.map((candidate) => candidate.code)).toEqual(['M25.562'])
    expect(resolved[0]?.via?.map((via) => via.kind)).toEqual(['description'])
  })

  it('never puts a non-billable category first when a billable child matches too', () => {
    const candidates = service.search('heart failure', { system: 'ICD-10-CM', limit: 5 })
    expect(candidates[0]?.code).toBe('I50.9')
    const category = candidates.findIndex((candidate) => candidate.code === 'I50')
    expect(category === -1 || category > 0).toBe(true)
  })

  it('serves the vector list alone for measuring it', () => {
    const candidates = service.search('heart failure', { system: 'ICD-10-CM', retrieval: 'vector' })
    expect(candidates.map((candidate) => candidate.code)).toContain('I50.9')
    expect(candidates.every((candidate) => candidate.via?.[0]?.kind === 'vector')).toBe(true)
  })
})
