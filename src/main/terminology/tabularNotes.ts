// Reader of the ICD-10-CM Tabular List notes per code (icd10cm_instructional_notes.json): synonyms and guidance (terminology layer).
import { z } from 'zod'
import type { CodeGuidance } from '../../shared/domain'
import type { IndexTerm } from './indexFiles'
import { malformed, readReleaseText } from './orderFile'

/** A guidance family, named as CodeGuidance names it. */
export type GuidanceFamily = keyof CodeGuidance

export const GUIDANCE_FAMILIES: readonly GuidanceFamily[] = [
  'excludes1',
  'excludes2',
  'codeFirst',
  'useAdditional',
]

/** One instructional note line of a code (written code, as the Tabular List prints it). */
export interface GuidanceNote {
  readonly code: string
  readonly family: GuidanceFamily
  readonly text: string
}

// The file's key for each family; inclusion terms become synonyms instead.
const FILE_FAMILIES: Readonly<Record<GuidanceFamily, string>> = {
  excludes1: 'excludes1',
  excludes2: 'excludes2',
  codeFirst: 'codeFirst',
  useAdditional: 'useAdditionalCode',
}

const lines = z.array(z.string()).optional()
const entrySchema = z.object({
  inclusionTerm: lines,
  excludes1: lines,
  excludes2: lines,
  codeFirst: lines,
  useAdditionalCode: lines,
})
const fileSchema = z.object({ codes: z.record(z.string(), entrySchema) })

/** Inclusion terms (as synonyms of their code) and guidance notes, in file order. */
export function readTabularNotes(path: string): { terms: IndexTerm[]; notes: GuidanceNote[] } {
  const { text } = readReleaseText(path)
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw malformed(path, 1, `it is not JSON (${(error as Error).message})`)
  }
  const parsed = fileSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw malformed(
      path,
      1,
      `${issue?.path.join('.') ?? 'codes'}: ${issue?.message ?? 'bad shape'}`,
    )
  }
  const terms: IndexTerm[] = []
  const notes: GuidanceNote[] = []
  for (const [code, entry] of Object.entries(parsed.data.codes)) {
    if (!/^[A-Z][0-9A-Z]{2}(?:\.[0-9A-Z]{1,4})?$/.test(code)) {
      throw malformed(path, 1, `key "${code}" is not an ICD-10-CM code`)
    }
    for (const line of entry.inclusionTerm ?? [])
      terms.push({ code, kind: 'inclusion', text: line })
    for (const family of GUIDANCE_FAMILIES) {
      for (const line of entry[FILE_FAMILIES[family] as keyof typeof entry] ?? []) {
        notes.push({ code, family, text: line })
      }
    }
  }
  return { terms, notes }
}

/** Guidance of a code from its own notes and its ancestors' (nearest first), or null when none. */
export function mergeGuidance(
  notesByCode: ReadonlyMap<string, readonly GuidanceNote[]>,
  codeAndAncestors: readonly string[],
): CodeGuidance | null {
  const merged: Record<GuidanceFamily, string[]> = {
    excludes1: [],
    excludes2: [],
    codeFirst: [],
    useAdditional: [],
  }
  let found = false
  for (const code of codeAndAncestors) {
    for (const note of notesByCode.get(code) ?? []) {
      if (merged[note.family].includes(note.text)) continue
      merged[note.family].push(note.text)
      found = true
    }
  }
  return found ? merged : null
}
