// DDI 2013 XML reader: one file a document, sentences with their drug entities (evaluation layer).
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { XMLParser } from 'fast-xml-parser'
import { CoderError } from '../../shared/errors'

/** A drug mention: first fragment, code-point offsets into its sentence, end exclusive. */
export interface DdiEntity {
  readonly start: number
  readonly end: number
  /** drug, brand, group or drug_n. */
  readonly type: string
}

export interface DdiSentence {
  readonly id: string
  readonly text: string
  readonly entities: readonly DdiEntity[]
}

export interface DdiDocument {
  readonly id: string
  readonly sentences: readonly DdiSentence[]
}

interface RawEntity {
  charOffset?: string
  type?: string
}
interface RawSentence {
  id?: string
  text?: string
  entity?: RawEntity[]
}
interface RawDocument {
  document?: { id?: string; sentence?: RawSentence[] }
}

// Numeric references (&#xd;&#xa;) are part of the sentence text the offsets count.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseAttributeValue: false,
  htmlEntities: true,
  isArray: (name) => name === 'sentence' || name === 'entity',
})
const OFFSET = /^(\d+)-(\d+)$/

/**
 * The sentences of one DDI XML file. `charOffset` "a-b[;c-d]" has an inclusive end, so the first
 * fragment becomes [a, b + 1), as training reads it. Throws E_DATASET_MALFORMED on bad XML or offsets.
 */
export function parseDdiXml(xml: string, path = 'the DDI XML file'): DdiDocument {
  const raw = parseXml(xml, path)
  const sentences = (raw.document?.sentence ?? []).map((sentence) => ({
    id: sentence.id ?? '',
    text: sentence.text ?? '',
    entities: (sentence.entity ?? []).map((entity) => toEntity(entity, sentence.id ?? '?', path)),
  }))
  return { id: raw.document?.id ?? '', sentences }
}

/** Every .xml file under `dir`, recursively, sorted by path. */
export function listXmlFiles(dir: string): string[] {
  const found: string[] = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) found.push(...listXmlFiles(path))
    else if (name.endsWith('.xml')) found.push(path)
  }
  return found.sort()
}

/** Reads and parses one DDI XML file. */
export function readDdiFile(path: string): DdiDocument {
  return parseDdiXml(readFileSync(path, 'utf8'), path)
}

function parseXml(xml: string, path: string): RawDocument {
  try {
    return parser.parse(xml, true) as RawDocument
  } catch (error) {
    throw new CoderError('E_DATASET_MALFORMED', {
      path,
      where: 'its XML',
      reason: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error),
    })
  }
}

function toEntity(entity: RawEntity, sentenceId: string, path: string): DdiEntity {
  const match = OFFSET.exec((entity.charOffset ?? '').split(';')[0] ?? '')
  if (!match) {
    throw new CoderError('E_DATASET_MALFORMED', {
      path,
      where: `sentence ${sentenceId}`,
      reason: `charOffset "${entity.charOffset ?? ''}" is not START-END`,
    })
  }
  return { start: Number(match[1]), end: Number(match[2]) + 1, type: entity.type ?? '' }
}
