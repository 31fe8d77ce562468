// PubTator reader (BC5CDR, NCBI disease): title and abstract lines, then one mention a line
// (evaluation layer).
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { CoderError } from '../../shared/errors'

/** A mention: code-point offsets into `title + "\n" + abstract`, end exclusive, and its type. */
export interface PubtatorMention {
  readonly start: number
  readonly end: number
  readonly type: string
}

export interface PubtatorDocument {
  readonly pmid: string
  readonly title: string
  readonly abstract: string
  readonly mentions: readonly PubtatorMention[]
}

const TEXT_LINE = /^(\d+)\|([ta])\|(.*)$/

/**
 * Documents of a PubTator file, as training reads them: blocks split by blank lines, `PMID|t|` and
 * `PMID|a|` lines, and mention lines `PMID<TAB>start<TAB>end<TAB>text<TAB>type[<TAB>id]`; other
 * lines (relations) are skipped. Throws E_DATASET_MALFORMED on a mention before any title.
 */
export function parsePubtator(content: string, path = 'the PubTator file'): PubtatorDocument[] {
  const documents: PubtatorDocument[] = []
  let current: {
    pmid: string
    title: string
    abstract: string
    mentions: PubtatorMention[]
  } | null = null
  content.split(/\r?\n/).forEach((line, i) => {
    if (line === '') {
      if (current) documents.push(current)
      current = null
      return
    }
    const text = TEXT_LINE.exec(line)
    if (text) {
      current ??= { pmid: text[1] ?? '', title: '', abstract: '', mentions: [] }
      if (text[2] === 't') current.title = text[3] ?? ''
      else current.abstract = text[3] ?? ''
      return
    }
    const fields = line.split('\t')
    if (fields.length < 5 || !/^\d+$/.test(fields[1] ?? '')) return
    if (!current) {
      throw new CoderError('E_DATASET_MALFORMED', {
        path,
        where: `line ${i + 1}`,
        reason: 'a mention line comes before its PMID|t| title line',
      })
    }
    current.mentions.push({
      start: Number(fields[1]),
      end: Number(fields[2]),
      type: fields[4] ?? '',
    })
  })
  if (current) documents.push(current)
  return documents
}

/** The text every mention offset points into: title, newline, abstract. */
export function pubtatorText(document: PubtatorDocument): string {
  return `${document.title}\n${document.abstract}`
}

/** Reads a PubTator file, gunzipping a `.gz` one. */
export function readPubtatorFile(path: string): PubtatorDocument[] {
  const bytes = readFileSync(path)
  const content = (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8')
  return parsePubtator(content, path)
}
