// Unit: PGR phenotype mentions per split: dedup, withheld and test abstracts out of train/dev, gzip, errors.
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isDevDocument, readPgrMentions } from '../../../../src/main/evaluation/normalizationCorpus'

const PGR = resolve('test/fixtures/eval/pgr')

describe('readPgrMentions', () => {
  it('reads train from every train.tsv(.gz), once per mention, without withheld or test abstracts', () => {
    const set = readPgrMentions(PGR, 'train')
    expect(set.mentions.map((m) => [m.doc, m.text, m.gold])).toEqual([
      ['20000002', 'lactic acidemia', 'HP:0003128'],
      ['20000003', 'seizures', 'HP:0001275'],
      ['20000004', 'cancer', 'HP:0002664'],
      ['20000005', 'clitoromegaly', 'HP:0000057'],
      ['20000006', 'fits', 'HP:0001250'],
    ])
    // 20000099 is withheld; 20000007 is in test.tsv.
    expect(set.withheldMentions).toBe(2)
    expect(set.files).toEqual(['10_12_2018_corpus/train.tsv', '11_03_2019_corpus/train.tsv.gz'])
  })

  it('splits dev off by PMID, and reads test and all', () => {
    expect(readPgrMentions(PGR, 'dev').mentions.map((m) => m.doc)).toEqual(['20000010', '20000021'])
    expect(readPgrMentions(PGR, 'test').mentions.map((m) => m.text)).toEqual([
      'tumor',
      'epileptic seizure',
    ])
    const all = readPgrMentions(PGR, 'all')
    expect(all.mentions).toHaveLength(10)
    expect(all.withheldMentions).toBe(0)
  })

  it('puts PMIDs ending in 0 or 1 in dev', () => {
    expect(['20000010', '20000021', '20000002', '9'].map(isDevDocument)).toEqual([
      true,
      true,
      false,
      false,
    ])
  })

  it('says what is missing or wrong, with file and line', () => {
    expect(() => readPgrMentions(resolve(PGR, '10_12_2018_corpus'), 'test')).not.toThrow()
    expect(() => readPgrMentions(resolve(PGR, '11_03_2019_corpus'), 'test')).toThrow(
      expect.objectContaining({ code: 'E_DATASET_EMPTY' }),
    )
    expect(() => readPgrMentions(resolve(PGR, 'broken/header'), 'all')).toThrow(
      expect.objectContaining({
        code: 'E_DATASET_MALFORMED',
        message: expect.stringMatching(/line 1: the header lacks GENE|PHENOTYPE_ID/),
      }),
    )
    expect(() => readPgrMentions(resolve(PGR, 'broken/id'), 'all')).toThrow(
      expect.objectContaining({
        code: 'E_DATASET_MALFORMED',
        message: expect.stringContaining('line 3: PHENOTYPE_ID "GO_0001" is not an HPO id'),
      }),
    )
    expect(() => readPgrMentions(resolve(PGR, 'nowhere'), 'all')).toThrow(
      expect.objectContaining({ code: 'E_FILE_NOT_FOUND' }),
    )
  })
})
