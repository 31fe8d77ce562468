// Unit: CodiEsp coding scores on hand-computed cases (average precision, the official MAP, micro
// P/R/F1), the ranked and proposed code lists of a note's suggestions, and evaluateCoding's wiring.
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  averagePrecision,
  evaluateCoding,
  meanAveragePrecision,
  meanAveragePrecisionOverGold,
  microScores,
  proposedCodes,
  rankedCodes,
  scoreNotes,
  truncateNote,
  viewSuggestions,
  type CodeNotes,
  type ScoredNote,
} from '../../../../src/main/evaluation/codingEval'
import type { CodeSuggestion, SuggestionBasis } from '../../../../src/shared/domain'

const CODIESP = resolve('test/fixtures/eval/codiesp')

function suggestion(
  chunk: string,
  basis: SuggestionBasis,
  code: string,
  score: number,
  rank: number,
  system = 'ICD-10-CM',
): CodeSuggestion {
  return {
    chunk,
    basis,
    chunkText: chunk,
    system,
    code,
    description: code,
    billable: true,
    score,
    rank,
    assertion: 'present',
  }
}

function note(gold: string[], ranked: string[], proposed: string[] = []): ScoredNote {
  return { gold, ranked, proposed }
}

describe('averagePrecision', () => {
  it('sums the precision at each gold code found and divides by the gold count', () => {
    // Hits at ranks 1 and 3 of 2 gold codes: (1/1 + 2/3) / 2.
    expect(averagePrecision(['a', 'x', 'b'], ['a', 'b'])).toBeCloseTo(5 / 6, 10)
    // One of three gold codes found, at rank 2: (1/2) / 3.
    expect(averagePrecision(['x', 'a'], ['a', 'b', 'c'])).toBeCloseTo(1 / 6, 10)
    expect(averagePrecision(['a', 'b'], ['b', 'a'])).toBe(1)
    expect(averagePrecision(['x'], ['a'])).toBe(0)
    expect(averagePrecision(['a'], [])).toBe(0)
  })

  it('counts a repeated code once, at its first rank', () => {
    expect(averagePrecision(['a', 'a', 'b'], ['a', 'b'])).toBe(1)
  })
})

describe('meanAveragePrecision', () => {
  it('gives the official README’s toy example its 0.652', () => {
    // codiesp-evaluation-script README, example 1 (gs_task1_2.tsv, pred_task1_2.tsv): by hand,
    // note 0 (1 + 2/4 + 3/5 + 4/6) / 4 = 0.6917, note 1 (1 + 2/3 + 3/5 + 4/6 + 5/9 + 6/14 + 7/19)
    // / 7 = 0.6123; mean 0.652.
    const codes = (numbers: number[]) => numbers.map((n) => `code${n}`)
    const notes = [
      note(codes([1, 2, 3, 4]), codes([1, 5, 6, 2, 3, 4, 7])),
      note(
        codes([1, 2, 3, 4, 5, 6, 7]),
        codes([1, 8, 2, 9, 3, 4, 10, 11, 5, 12, 13, 14, 15, 6, 16, 17, 18, 19, 7]),
      ),
    ]
    expect(meanAveragePrecision(notes).toFixed(3)).toBe('0.652')
  })

  it('averages over notes with a ranked code, as trectools 0.0.42: codes without gold count 0', () => {
    const notes = [
      note(['a', 'b'], ['a', 'x', 'b']), // 5/6
      note(['c'], []), // no ranked code: left out
      note([], ['y']), // no gold: 0
    ]
    expect(meanAveragePrecision(notes)).toBeCloseTo(5 / 12, 10)
    // Over the gold notes instead, the unranked one counting 0.
    expect(meanAveragePrecisionOverGold(notes)).toBeCloseTo(5 / 12, 10)
    expect(
      meanAveragePrecisionOverGold([notes[0] as ScoredNote, notes[1] as ScoredNote]),
    ).toBeCloseTo(5 / 12, 10)
    expect(meanAveragePrecision([notes[0] as ScoredNote, notes[1] as ScoredNote])).toBeCloseTo(
      5 / 6,
      10,
    )
    expect(meanAveragePrecision([note(['a'], [])])).toBe(0)
  })
})

describe('microScores', () => {
  it('counts distinct (note, code) pairs over every note', () => {
    const scores = microScores([
      note(['a', 'b', 'c'], [], ['a', 'x', 'a']), // 2 proposed, 1 correct, 3 gold
      note(['d'], [], ['d', 'b']), // 2 proposed, 1 correct, 1 gold
      note([], [], ['e']), // a proposal for a note without gold is a false positive
    ])
    expect(scores).toMatchObject({ proposed: 5, correct: 2, gold: 4 })
    expect(scores.precision).toBeCloseTo(2 / 5, 10)
    expect(scores.recall).toBeCloseTo(2 / 4, 10)
    // 2PR / (P + R) = 2 * 0.4 * 0.5 / 0.9.
    expect(scores.f1).toBeCloseTo(4 / 9, 10)
  })

  it('is 0, not NaN, with nothing proposed or nothing found', () => {
    expect(microScores([note(['a'], [], [])])).toMatchObject({ precision: 0, recall: 0, f1: 0 })
    expect(microScores([])).toMatchObject({ precision: 0, recall: 0, f1: 0 })
  })

  it('rounds every score of a view to 4 decimals', () => {
    const scores = scoreNotes([note(['a', 'b', 'c'], ['x', 'a'], ['a', 'x', 'y'])])
    expect(scores).toEqual({
      map: 0.1667,
      map_gold_notes: 0.1667,
      precision: 0.3333,
      recall: 0.3333,
      f1: 0.3333,
      proposed: 3,
      correct: 1,
    })
  })
})

describe('the code lists of a note', () => {
  const suggestions = [
    suggestion('c1', 'base', 'M25.56', 0.8, 1),
    suggestion('c1', 'base', 'M25.562', 0.7, 2),
    suggestion('c1', 'enriched', 'M25.562', 0.9, 1),
    suggestion('c1', 'enriched', 'M79.662', 0.6, 2),
    suggestion('c2', 'base', 'R52', 0.8, 2),
    suggestion('c2', 'base', 'G89.29', 0.8, 1),
  ]

  it('ranks each distinct code at its best suggestion: score, then rank, then code', () => {
    // m25.562 at 0.9 (enriched); m25.56 and g89.29 at 0.8 rank 1 (code order); r52 0.8 rank 2.
    expect(rankedCodes(suggestions)).toEqual(['m25.562', 'g89.29', 'm25.56', 'r52', 'm79.662'])
  })

  it('proposes the top suggestion of each chunk’s basis group', () => {
    expect(proposedCodes(suggestions)).toEqual(['m25.56', 'm25.562', 'g89.29'])
  })

  it('views: base only, enriched in place of base where a chunk has any, or both', () => {
    const codes = (view: 'both' | 'base' | 'enriched') =>
      viewSuggestions(suggestions, view).map((s) => `${s.chunk}:${s.basis}:${s.code}`)
    expect(codes('base')).toEqual([
      'c1:base:M25.56',
      'c1:base:M25.562',
      'c2:base:R52',
      'c2:base:G89.29',
    ])
    expect(codes('enriched')).toEqual([
      'c1:enriched:M25.562',
      'c1:enriched:M79.662',
      'c2:base:R52',
      'c2:base:G89.29',
    ])
    expect(codes('both')).toHaveLength(6)
  })

  it('cuts codes to a category for the lenient score, duplicates dropped', () => {
    expect(truncateNote(note(['bw03', 'bw03zzz'], ['bw03zzz', 'bn00zzz'], ['bw03zzz']), 4)).toEqual(
      {
        gold: ['bw03'],
        ranked: ['bw03', 'bn00'],
        proposed: ['bw03'],
      },
    )
  })
})

describe('evaluateCoding', () => {
  // Stands in for the engine: fixed suggestions per note file name, every system mixed in.
  const byNote: Readonly<Record<string, CodeSuggestion[]>> = {
    'case-appendicitis.txt': [
      suggestion('c1', 'base', 'K37', 1, 1),
      suggestion('c1', 'base', 'K35.80', 0.87, 2),
      suggestion('c2', 'base', '0DTJ4ZZ', 0.9, 1, 'ICD-10-PCS'),
    ],
    'case-hypertension.txt': [
      suggestion('c1', 'base', 'I10', 0.99, 1),
      suggestion('c2', 'base', 'J0120', 0.9, 1, 'HCPCS'),
    ],
  }
  const requests: { paths: readonly string[]; system: string; mode: string }[] = []
  const codeNotes: CodeNotes = (paths, request) => {
    requests.push({ paths, system: request.system, mode: request.mode })
    const coded = paths.filter((path) => !path.endsWith('case-cough.txt'))
    const notes = coded.map((path) => ({
      path,
      suggestions: byNote[path.split('/').pop() ?? ''] ?? [],
    }))
    const error = { code: 'E_FILE_EMPTY' as const, message: 'empty' }
    const failed = paths.filter((path) => !coded.includes(path)).map((path) => ({ path, error }))
    return Promise.resolve({ notes, failed })
  }
  const options = { corpus: 'codiesp', split: 'dev', mode: 'fast', dataDir: CODIESP, codeNotes }

  it('scores only the kind’s system, and a note that failed as one without codes', async () => {
    const result = await evaluateCoding({ ...options, kind: 'diagnosis' })
    expect(requests.at(-1)).toEqual({
      paths: ['case-appendicitis', 'case-cough', 'case-hypertension'].map((id) =>
        join(CODIESP, 'dev', 'text_files_en', `${id}.txt`),
      ),
      system: 'ICD-10-CM',
      mode: 'fast',
    })
    // Ranked: appendicitis k37, k35.80 against k35.80, e11.9: (1/2) / 2; hypertension i10 first
    // of i10, r51.9: 1/2; cough failed, no codes: out of the official MAP, 0 over gold notes.
    // Proposed (each chunk's top): k37 (wrong) and i10 (right) of 5 gold codes.
    expect(result).toMatchObject({
      corpus: 'codiesp',
      split: 'dev',
      kind: 'diagnosis',
      system: 'ICD-10-CM',
      map: 0.375,
      map_gold_notes: 0.25,
      precision: 0.5,
      recall: 0.2,
      f1: 0.2857,
      notes: 3,
      notes_with_gold: 3,
      notes_with_codes: 2,
      gold_codes: 5,
      files: [join('dev', 'devD.tsv')],
    })
    expect(result.failed).toHaveLength(1)
    expect(result.base).toMatchObject({ map: 0.375, f1: 0.2857 })
    // Categories k37, k35 and i10: the same hits, at the same ranks.
    expect(result.category).toMatchObject({ characters: 3, map: 0.375, proposed: 2, correct: 1 })
  })

  it('scores procedures with ICD-10-PCS only', async () => {
    const result = await evaluateCoding({ ...options, kind: 'procedure' })
    expect(requests.at(-1)?.system).toBe('ICD-10-PCS')
    expect(result).toMatchObject({ map: 1, precision: 1, recall: 0.5, notes_with_gold: 2 })
  })

  it('refuses a bad option or dataset before coding any note', async () => {
    const before = requests.length
    for (const [key, value] of [
      ['corpus', 'mimic'],
      ['kind', 'drug'],
      ['split', 'val'],
      ['mode', 'slow'],
    ]) {
      await expect(
        evaluateCoding({ ...options, kind: 'diagnosis', [key as string]: value }),
      ).rejects.toMatchObject({ code: 'E_OPTION', message: expect.stringContaining(`--${key}`) })
    }
    await expect(
      evaluateCoding({ ...options, kind: 'diagnosis', split: 'train' }),
    ).rejects.toMatchObject({ code: 'E_DATASET_EMPTY' })
    expect(requests.length).toBe(before)
  })
})
