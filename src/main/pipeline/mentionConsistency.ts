// Mention consistency step: names the note itself says are the same thing get the same label
// (pipeline layer). Taggers read one sentence at a time, so they miss some repeats of a name they
// found elsewhere in the note ("BHA" tagged twice as a drug, missed the third time), and most
// abbreviations whose long form they found ("retinoic acid (RA)"); the note as a whole is better
// evidence than one sentence. Two rules, in this order: a short form defined right after a tagged
// long form gets its label; then a name tagged at least twice, always with one label, gets it
// where it recurs untagged. On dev (training/encoder/README.md, "Mention consistency") they added
// 0.1–1.1 points of micro F1 to every corpus but ADE (unchanged); copying from a single mention
// instead lowered NCBI disease by 0.7 point.
import type { Chunk } from '../../shared/domain'
import { definitionAfter } from './abbreviations'
import type { Analysis, Step, StepMeta } from './step'

export const meta: StepMeta = {
  name: 'consistency',
  needs: ['document', 'chunks'],
  gives: ['chunks'],
}

/** How many times a note must tag a name, with one label, before its other occurrences get it. */
export const MIN_TAGGED_OCCURRENCES = 2
/** Names shorter than this are never copied: one letter is too often something else. */
export const MIN_NAME_LENGTH = 2

/** A name to tag where it recurs untagged, with the label and confidence the copies get. */
interface NameToCopy {
  readonly name: string
  readonly label: string
  readonly confidence: number
}

/**
 * The chunks plus the mentions the note itself vouches for (see the file comment), ids
 * renumbered c1, c2, … in text order. An added chunk takes the lowest confidence of the chunks
 * it copies.
 */
export function consistentMentions(text: string, chunks: readonly Chunk[]): readonly Chunk[] {
  const withShortForms = copyNames(text, chunks, definedShortForms(text, chunks))
  const all = copyNames(text, withShortForms, repeatedNames(withShortForms))
  return all.length === chunks.length ? chunks : renumber(all)
}

/** The pipeline step: consistentMentions over the NER step's chunks. */
export const consistencyStep: Step = {
  meta,
  run: (analysis: Analysis): Analysis =>
    Object.freeze({
      ...analysis,
      chunks: consistentMentions(analysis.document.text, analysis.chunks),
    }),
}

/** Short forms defined right after a tagged long form, when all of a form's long forms agree. */
function definedShortForms(text: string, chunks: readonly Chunk[]): NameToCopy[] {
  const longForms = new Map<string, Chunk[]>()
  for (const chunk of chunks) {
    const definition = definitionAfter(text, chunk)
    if (!definition || definition.shortForm.length < MIN_NAME_LENGTH) continue
    longForms.set(definition.shortForm, [...(longForms.get(definition.shortForm) ?? []), chunk])
  }
  return agreeing(longForms, 1)
}

/** Names tagged at least MIN_TAGGED_OCCURRENCES times, always with one label. */
function repeatedNames(chunks: readonly Chunk[]): NameToCopy[] {
  const byName = new Map<string, Chunk[]>()
  for (const chunk of chunks) {
    if (chunk.text.length < MIN_NAME_LENGTH) continue
    byName.set(chunk.text, [...(byName.get(chunk.text) ?? []), chunk])
  }
  return agreeing(byName, MIN_TAGGED_OCCURRENCES)
}

function agreeing(sources: ReadonlyMap<string, readonly Chunk[]>, atLeast: number): NameToCopy[] {
  const names: NameToCopy[] = []
  for (const [name, tagged] of sources) {
    const labels = new Set(tagged.map((chunk) => chunk.label))
    const [label] = labels
    if (labels.size !== 1 || !label || tagged.length < atLeast) continue
    names.push({ name, label, confidence: Math.min(...tagged.map((chunk) => chunk.confidence)) })
  }
  return names
}

/** `chunks` plus a chunk at each untagged, word-bounded occurrence of each name (not yet in text order). */
function copyNames(text: string, chunks: readonly Chunk[], names: readonly NameToCopy[]): Chunk[] {
  const all = [...chunks]
  for (const { name, label, confidence } of names) {
    for (const start of wordBoundedOccurrences(text, name)) {
      const end = start + name.length
      if (all.some((chunk) => chunk.start < end && start < chunk.end)) continue
      // Present until the assertion step, which runs next, reads the mention's own context.
      all.push({
        id: '',
        start,
        end,
        text: name,
        label,
        confidence,
        assertion: 'present',
        assertionCue: null,
      })
    }
  }
  return all
}

/** Start offsets of `name` in `text` with no letter or digit touching it on either side. */
function wordBoundedOccurrences(text: string, name: string): number[] {
  const starts: number[] = []
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    if (!isWordCharacter(text, at - 1) && !isWordCharacter(text, at + name.length)) starts.push(at)
  }
  return starts
}

const WORD_CHARACTER = /[\p{L}\p{N}]/u

function isWordCharacter(text: string, index: number): boolean {
  return index >= 0 && index < text.length && WORD_CHARACTER.test(text.charAt(index))
}

function renumber(chunks: readonly Chunk[]): readonly Chunk[] {
  const ordered = [...chunks].sort((a, b) => a.start - b.start || a.end - b.end)
  return Object.freeze(ordered.map((chunk, i) => Object.freeze({ ...chunk, id: `c${i + 1}` })))
}
