import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cliRunner } from '../cliRunner'
import { loadRelationModel } from '../../../src/main/pipeline'

const FIXTURES = 'test/fixtures/re-csv'
const work = mkdtempSync(join(tmpdir(), 'train-re-'))
const hasTorch = spawnSync('/usr/bin/python3', ['-c', 'import torch, onnx, numpy']).status === 0

const cli = cliRunner({ timeoutMs: 240_000 })

afterAll(() => rmSync(work, { recursive: true, force: true }))

describe('train re', () => {
  it('reports every bad row on stderr, exits 2 and writes nothing', () => {
    const out = join(work, 'bad')
    const result = cli('train', 're', '--csv', `${FIXTURES}/bad.csv`, '--out', out)
    expect(result.status).toBe(2)
    const lines = result.stderr.split('\n').filter((l) => l.startsWith('[E_DATASET_MALFORMED]'))
    expect(lines.map((l) => / line (\d+):/.exec(l)?.[1])).toEqual(['3', '4', '5', '6', '7'])
    expect(existsSync(out)).toBe(false)
  })

  it.skipIf(!hasTorch)(
    'trains a loadable model from a tiny CSV (skipped without /usr/bin/python3 + torch + onnx)',
    async () => {
      const out = join(work, 'model')
      const args = ['train', 're', '--csv', `${FIXTURES}/end-inclusive.csv`, '--out', out]
      const result = cli(...args, '--epochs', '2', '--json')
      expect(result.stderr).toMatch(/end offsets inclusive/)
      expect(result.status).toBe(0)
      const card = JSON.parse(result.stdout) as { data: { end_convention: string } }
      expect(card.data.end_convention).toBe('inclusive')
      expect(readdirSync(out).sort()).toEqual(
        ['card.json', 'fixture.json', 'labels.json', 'model.onnx', 'words.txt'].sort(),
      )
      const model = await loadRelationModel(out)
      expect(model.spec.classes[0]).toBe('O')
      expect(model.spec.classes).toContain('bodypart_problem')
      expect(readdirSync(work).filter((f) => f.includes('.partial-'))).toEqual([])
    },
    240_000,
  )
})
