// Integration: `eval normalization` over a real terminology index: HPO imported when absent, resolver vs FTS5 baseline.
import { Command } from 'commander'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { registerEvalCommands } from '../../../src/cli/eval'
import { openTerminology } from '../../../src/main/terminology'

const HP = resolve('test/fixtures/terminology/hpo/hp.json')
const PGR = resolve('test/fixtures/eval/pgr')
const SHARED = resolve(process.env.CODER_SHARED ?? '../shared')
const REAL_HP = join(SHARED, 'terminology', 'hpo', 'hp.json.gz')
const REAL_PGR = join(SHARED, 'datasets', 'pgr')
let dir: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'eval-normalization-'))
})

afterEach(() => {
  vi.restoreAllMocks()
  rmSync(dir, { recursive: true, force: true })
})

/** Runs `eval normalization` with the global options the CLI has; returns its parsed JSON. */
async function evalNormalization(...args: string[]): Promise<Record<string, unknown>> {
  const program = new Command()
    .exitOverride()
    .option('--db <path>')
    .option('--terminology-db <path>')
    .option('--resources <dir>')
  registerEvalCommands(program)
  const written: string[] = []
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk))
    return true
  })
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
  try {
    await program.parseAsync([
      'node',
      'cli',
      '--db',
      join(dir, 'project.sqlite'),
      '--terminology-db',
      join(dir, 'terminology.sqlite'),
      '--resources',
      join(dir, 'no-resources'),
      'eval',
      'normalization',
      '--corpus',
      'pgr',
      '--json',
      ...args,
    ])
  } finally {
    vi.restoreAllMocks()
  }
  return JSON.parse(written.join('')) as Record<string, unknown>
}

describe('eval normalization', () => {
  it('imports HPO into the index when absent and prints the CLI.md shape with the baseline', async () => {
    const result = await evalNormalization('--split', 'train', '--data', PGR, '--hpo', HP)
    expect(result).toMatchObject({ corpus: 'pgr', split: 'train', n: 5, gold_remapped: 2 })
    // Synonyms, plural folding and retired-id mapping give the resolver all five.
    expect(result.top1).toBe(1)
    expect(result.top5).toBe(1)
    // Names only: "clitoromegaly" is a name and "lactic" leads to Lactic acidosis; "seizures"
    // (plural), "cancer" and "fits" (synonyms) find nothing.
    expect(result.baseline).toEqual({ top1: 0.4, top5: 0.4, n: 5 })
    const service = openTerminology({
      dbPath: join(dir, 'terminology.sqlite'),
      resourcesDir: join(dir, 'no-resources'),
    })
    try {
      expect(service.list().map((release) => release.system)).toEqual(['HPO'])
    } finally {
      service.close()
    }
  })

  it('scores the test.tsv of a folder laid out like the dataset (the blind set)', async () => {
    const result = await evalNormalization('--split', 'test', '--data', PGR, '--hpo', HP)
    expect(result).toMatchObject({ split: 'test', n: 2, top1: 1 })
  })

  it('refuses a split the folder lacks', async () => {
    await expect(
      evalNormalization('--split', 'test', '--data', join(PGR, '11_03_2019_corpus'), '--hpo', HP),
    ).rejects.toMatchObject({ code: 'E_DATASET_EMPTY' })
  })

  it.skipIf(!existsSync(REAL_HP) || !existsSync(REAL_PGR))(
    'beats the names-only baseline on the real PGR train split (skipped without ../shared)',
    async () => {
      const result = await evalNormalization(
        '--split',
        'train',
        '--data',
        REAL_PGR,
        '--hpo',
        REAL_HP,
      )
      expect(result.n).toBeGreaterThan(5000)
      expect(result.top1).toBeGreaterThan(0.9)
      const baseline = result.baseline as { top1: number }
      expect(result.top1 as number).toBeGreaterThan(baseline.top1 + 0.3)
      expect(result.withheld_mentions).toBeGreaterThan(0)
    },
  )
})
