// Unit: reading HPO's hp.json (OBO Graphs JSON) into a release, synonyms, definitions and retired ids.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { readHpoJson } from '../../../../src/main/terminology/hpoFile'

const FIXTURES = resolve('test/fixtures/terminology')
const HP = join(FIXTURES, 'hpo', 'hp.json')
const dirs: string[] = []

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function tempFile(name: string, content: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'hpo-unit-'))
  dirs.push(dir)
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

describe('readHpoJson', () => {
  it('keeps active HP classes with their release date, obsolete and non-HP nodes out', () => {
    const { release } = readHpoJson(HP)
    expect(release).toMatchObject({
      system: 'HPO',
      release: '2023-01-27',
      version: '2023-01-27',
      source: 'hp.json',
    })
    const codes = release.rows.map((row) => row.code)
    expect(codes).toHaveLength(10)
    expect(codes).toContain('HP:0008665')
    expect(codes).not.toContain('HP:0000057')
    expect(release.rows.find((row) => row.code === 'HP:0001250')).toMatchObject({
      billable: true,
      long: 'Seizure',
      parents: ['HP:0000707'],
    })
  })

  it('gives a term all its is-a parents (a polyhierarchy)', () => {
    const row = readHpoJson(HP).release.rows.find((r) => r.code === 'HP:0001263')
    expect(row?.parents).toEqual(['HP:0000707', 'HP:0000118'])
  })

  it('keeps exact and related synonyms, not broad ones nor repeats of the label', () => {
    const seizure = readHpoJson(HP).terms.filter((term) => term.code === 'HP:0001250')
    expect(seizure.map((term) => term.text)).toEqual(['Seizures', 'Epileptic seizure', 'Fits'])
    expect(seizure.every((term) => term.kind === 'synonym')).toBe(true)
  })

  it('keeps definitions and maps alternative and replaced ids to current terms', () => {
    const { definitions, alternatives } = readHpoJson(HP)
    expect(definitions.find((d) => d.code === 'HP:0003128')?.text).toMatch(/lactic acid/)
    expect(definitions.some((d) => d.code === 'HP:0000707')).toBe(false)
    expect(alternatives.get('HP:0001275')).toBe('HP:0001250')
    expect(alternatives.get('HP:0000057')).toBe('HP:0008665')
  })

  it('reads the gzipped file alike', () => {
    const gz = tempFile('hp.json.gz', gzipSync(readFileSync(HP)))
    expect(readHpoJson(gz).release.rows).toHaveLength(10)
  })

  it('names the line of a class without a label', () => {
    expect(() => readHpoJson(join(FIXTURES, 'broken', 'hp-nolabel.json'))).toThrow(
      expect.objectContaining({
        code: 'E_RELEASE_MALFORMED',
        message: expect.stringMatching(
          /hp-nolabel\.json is malformed at line 135: HPO class HP:0001627 has no label/,
        ),
      }),
    )
  })

  it('refuses truncated JSON and JSON of another ontology', () => {
    expect(() => readHpoJson(join(FIXTURES, 'broken', 'hp-truncated.txt'))).toThrow(
      expect.objectContaining({
        code: 'E_RELEASE_MALFORMED',
        message: expect.stringContaining('not valid JSON'),
      }),
    )
    const go = tempFile(
      'go.json',
      JSON.stringify({
        graphs: [
          {
            nodes: [{ id: 'http://purl.obolibrary.org/obo/GO_0000016', lbl: 'x', type: 'CLASS' }],
            edges: [],
          },
        ],
      }),
    )
    expect(() => readHpoJson(go)).toThrow(
      expect.objectContaining({ message: expect.stringContaining('not the HPO hp.json') }),
    )
  })
})
