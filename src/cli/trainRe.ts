// `train re`: a fast relation model from the user's own appendix-B CSV rows; every row is
// checked first, then training/re/train.py trains into a temporary folder swapped into --out.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Command } from 'commander'
import { checkReCsv, readReCsvSpec, type ReCsvCheck } from '../main/evaluation'
import { CoderError } from '../shared/errors'
import { emit, progress } from './output'
import type { GlobalOptions } from './paths'
import { resolvePaths } from './paths'

interface TrainReOptions {
  csv: string
  out: string
  spec: string
  epochs: string
  json?: boolean
}

// The shipped models whose pair spec (types, whitelist, filter) a user's rows can be trained on.
const SHIPPED_SPECS = [
  're-clinical',
  're-posology',
  're-temporal',
  're-cause',
  're-ade',
  're-ddi',
  're-chemprot',
  're-pgr',
] as const
const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const TRAINER = join(REPO, 'training', 're', 'train.py')

/** Adds `train` and its `re` subcommand to the program. */
export function registerTrainCommands(program: Command): void {
  program
    .command('train')
    .description('train a model on your own annotations')
    .command('re')
    .description('fast relation model from appendix-B CSV rows (header row; one row per pair)')
    .requiredOption(
      '--csv <file>',
      'sentence,chunk1,begin1,end1,type1,chunk2,begin2,end2,type2,label',
    )
    .requiredOption('--out <dir>', 'the model folder to create (new or empty)')
    .option('--spec <name|file>', `${SHIPPED_SPECS.join('|')} or a labels.json`, 're-clinical')
    .option('--epochs <n>', 'training epochs', '50')
    .option('--json', 'print the model card as JSON on stdout')
    .action(async (options: TrainReOptions, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>()
      const specPath = specFile(options.spec, resolvePaths(global).resourcesDir)
      const epochs = positiveInt(options.epochs)
      const check = checkCsvFile(options.csv, specPath)
      if (check.problems.length > 0) {
        reportProblems(options.csv, check)
        process.exitCode = 2
        return
      }
      const out = resolve(options.out)
      assertFreshOut(out)
      assertTrainer()
      progress(`${check.rows} rows, end offsets ${check.convention}; training ${epochs} epochs`)
      await trainInto(out, ['--csv', resolve(options.csv), '--spec-json', specPath], check, epochs)
      const card = readFileSync(join(out, 'card.json'), 'utf8')
      const dev = (JSON.parse(card) as { dev: { macro_f1: number; micro_f1: number } }).dev
      process.stderr.write(
        `wrote ${out} (end offsets ${check.convention}); dev macro F1 ${dev.macro_f1}, micro F1 ${dev.micro_f1}\n`,
      )
      if (options.json) emit(card)
    })
}

function specFile(spec: string, resourcesDir: string): string {
  const shipped = (SHIPPED_SPECS as readonly string[]).includes(spec)
  return shipped ? join(resourcesDir, 'models', spec, 'labels.json') : resolve(spec)
}

function positiveInt(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) {
    throw new CoderError('E_OPTION', { reason: `--epochs ${value} is not a positive whole number` })
  }
  return n
}

function checkCsvFile(path: string, specPath: string): ReCsvCheck {
  if (!existsSync(path)) throw new CoderError('E_FILE_NOT_FOUND', { path })
  return checkReCsv(path, readFileSync(path, 'utf8'), readReCsvSpec(specPath))
}

// One line per problem, in the CLI's "[CODE] message" form, so every bad row is seen at once.
function reportProblems(path: string, check: ReCsvCheck): void {
  for (const { line, reason } of check.problems) {
    process.stderr.write(`[E_DATASET_MALFORMED] ${path} line ${line}: ${reason}\n`)
  }
  process.stderr.write(`${check.problems.length} problem(s); nothing was trained or written.\n`)
}

function assertFreshOut(out: string): void {
  if (existsSync(out) && readdirSync(out).length > 0) {
    throw new CoderError('E_OPTION', {
      reason: `--out ${out} already holds files; pass a new or empty folder`,
    })
  }
}

function python(): string {
  return process.env.CODER_PYTHON ?? '/usr/bin/python3'
}

function assertTrainer(): void {
  const probe = spawnSync(python(), ['-c', 'import torch, onnx, numpy'], { encoding: 'utf8' })
  if (probe.error || probe.status !== 0) {
    const reason = probe.error?.message ?? probe.stderr.trim().split('\n').pop() ?? 'unknown'
    throw new CoderError('E_TRAINER_MISSING', {
      what: `${python()} with torch, onnx and numpy`,
      reason,
    })
  }
}

/** Trains into a sibling temporary folder and renames it to `out` only when training succeeded. */
async function trainInto(
  out: string,
  input: readonly string[],
  check: ReCsvCheck,
  epochs: number,
): Promise<void> {
  const temp = `${out}.partial-${process.pid}`
  rmSync(temp, { recursive: true, force: true })
  const args = [TRAINER, ...input, '--out', temp, '--epochs', String(epochs)]
  if (check.convention === 'inclusive') args.push('--end-inclusive')
  try {
    await runTrainer(args)
    if (existsSync(out)) rmSync(out, { recursive: true })
    renameSync(temp, out)
  } finally {
    rmSync(temp, { recursive: true, force: true })
  }
}

function runTrainer(args: readonly string[]): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(python(), args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let errors = ''
    child.stdout.on('data', (chunk: Buffer) => progress(chunk.toString().trimEnd()))
    child.stderr.on('data', (chunk: Buffer) => {
      errors = (errors + chunk.toString()).slice(-4000)
    })
    child.on('error', (error) => fail(error))
    child.on('close', (code) => {
      if (code === 0) return done()
      const reason = errors.trim().split('\n').pop() ?? `exit ${code}`
      fail(
        new CoderError('E_TRAINER_FAILED', {
          reason,
          path: args[args.indexOf('--out') + 1] ?? 'the output folder',
        }),
      )
    })
  })
}
