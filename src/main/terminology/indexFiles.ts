// Readers of the ICD-10-CM Alphabetic Index files: the derived index CSV and the CMS index XML tables (terminology layer).
// Each yields index terms (a path of index words and the code it leads to); nothing here touches the index.
import { parse as parseCsv } from 'csv-parse/sync'
import { SaxesParser, type SaxesTagPlain } from 'saxes'
import type { MatchKind } from '../../shared/domain'
import { malformed, readReleaseText } from './orderFile'

/** One index term: the words a coder looks up and the code they lead to. */
export interface IndexTerm {
  /** Written code (M25.56); a trailing `-` means more characters are needed (M25.56-). */
  readonly code: string
  readonly kind: Exclude<MatchKind, 'description' | 'vector'>
  /** The index path, levels joined by " > " ("Pain > joint > knee"); nonessential modifiers in (). */
  readonly text: string
}

/** Separator of index levels in IndexTerm.text. */
export const LEVEL_SEPARATOR = ' > '

const INDEX_CSV_HEADER = [
  'RowID',
  'Letter',
  'Level',
  'Term',
  'See',
  'SeeAlso',
  'NonEssModif',
  'Code',
]
const INDEX_CODE = /^[A-Z][0-9A-Z]{2}(?:\.[0-9A-Z]{0,4})?-?$|^[A-Z][0-9A-Z]{2}\.-$/

/**
 * Reads the derived Alphabetic Index table (RowID,Letter,Level,Term,See,SeeAlso,NonEssModif,Code):
 * rebuilds each term's path from its level and keeps the terms that carry a code.
 */
export function readIndexCsv(path: string): IndexTerm[] {
  const { text } = readReleaseText(path)
  let records: string[][]
  try {
    records = parseCsv(text, { relax_column_count: false, skip_empty_lines: true }) as string[][]
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 0
    throw malformed(path, line, `it is not valid CSV (${(error as Error).message})`)
  }
  const [header, ...rows] = records
  if (header === undefined || header.join(',') !== INDEX_CSV_HEADER.join(',')) {
    throw malformed(path, 1, `the header must be ${INDEX_CSV_HEADER.join(',')}`)
  }
  const stack: string[] = []
  const terms: IndexTerm[] = []
  rows.forEach((row, index) => {
    const line = index + 2
    const [, , levelText = '', term = '', , , nemod = '', code = ''] = row
    const level = Number(levelText)
    if (!/^\d$/.test(levelText) || level > stack.length) {
      throw malformed(path, line, `level "${levelText}" does not follow level ${stack.length - 1}`)
    }
    stack.length = level
    stack.push(nemod === '' ? term.trim() : `${term.trim()} ${nemod.trim()}`.trim())
    if (code === '') return
    if (!INDEX_CODE.test(code))
      throw malformed(path, line, `code "${code}" is not an ICD-10-CM code`)
    terms.push({ code: code.replace('.-', '-'), kind: 'index', text: pathText(stack) })
  })
  return terms
}

/** Which CMS index XML a file is: the External Cause index, the Table of Drugs or the Neoplasm Table. */
export type IndexXmlKind = Extract<MatchKind, 'external' | 'drug' | 'neoplasm'>

/**
 * Reads a CMS index XML (icd10cm_eindex/drug/neoplasm_YYYY.xml, plain or gzip): every term with a
 * `<code>`, and for the tables every `<cell>` with a code, its column heading added to the path.
 */
export function readIndexXml(path: string, kind: IndexXmlKind): IndexTerm[] {
  const { text } = readReleaseText(path)
  const reader = new IndexXmlReader(kind)
  const parser = new SaxesParser()
  parser.on('opentag', (tag) => reader.open(tag))
  parser.on('text', (chars) => reader.text(chars))
  parser.on('closetag', (tag) => reader.close(tag.name, parser.line))
  try {
    parser.write(text).close()
  } catch (error) {
    throw malformed(path, parser.line, `it is not well-formed XML (${firstLine(error)})`)
  }
  if (!reader.sawRoot) throw malformed(path, 1, 'its root element is not ICD10CM.index')
  if (reader.badCode !== null) {
    throw malformed(path, reader.badCode.line, `"${reader.badCode.code}" is not an ICD-10-CM code`)
  }
  return reader.terms
}

// Builds index terms from the parser's events: a stack of term titles and the open element's text.
class IndexXmlReader {
  readonly terms: IndexTerm[] = []
  sawRoot = false
  badCode: { code: string; line: number } | null = null
  private readonly headings = new Map<string, string>()
  private readonly titles: string[] = []
  private readonly elements: string[] = []
  private textBuffer = ''
  private cellColumn = ''

  constructor(private readonly kind: IndexXmlKind) {}

  open(tag: SaxesTagPlain): void {
    if (tag.name === 'ICD10CM.index') this.sawRoot = true
    if (tag.name === 'mainTerm' || tag.name === 'term') this.titles.push('')
    if (tag.name === 'head' || tag.name === 'cell')
      this.cellColumn = String(tag.attributes.col ?? '')
    // A title's text includes its <nemod> child: reset only when the title itself opens.
    if (tag.name !== 'nemod') this.textBuffer = ''
    else this.textBuffer += ' '
    this.elements.push(tag.name)
  }

  text(chars: string): void {
    this.textBuffer += chars
  }

  close(name: string, line: number): void {
    this.elements.pop()
    const value = this.textBuffer.replace(/\s+/g, ' ').trim()
    if (name === 'nemod') {
      this.textBuffer += ' '
      return
    }
    const parent = this.elements[this.elements.length - 1]
    if (name === 'title' && (parent === 'mainTerm' || parent === 'term')) {
      this.titles[this.titles.length - 1] = value
    } else if (name === 'head') {
      this.headings.set(this.cellColumn, value)
    } else if (name === 'code') {
      this.add(value, [], line)
    } else if (name === 'cell' && this.cellColumn !== '1') {
      this.add(value, [this.headings.get(this.cellColumn) ?? ''], line)
    } else if (name === 'mainTerm' || name === 'term') {
      this.titles.pop()
    }
    this.textBuffer = ''
  }

  private add(code: string, extra: readonly string[], line: number): void {
    // "-" and "--" mark an empty cell of the tables.
    if (/^-*$/.test(code)) return
    if (!INDEX_CODE.test(code)) {
      this.badCode ??= { code, line }
      return
    }
    const text = pathText([...this.titles, ...extra].filter((part) => part !== ''))
    this.terms.push({ code: code.replace('.-', '-'), kind: this.kind, text })
  }
}

function pathText(levels: readonly string[]): string {
  return levels.join(LEVEL_SEPARATOR)
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''
}
