// Reader of the Human Phenotype Ontology release (hp.json, OBO Graphs JSON, plain or gzip) into a checked release (terminology layer).
// Active HP classes become codes (HP:0000118) with their is-a parents; exact and related synonyms become index terms.
import { basename } from 'node:path'
import type { Definition } from './importer'
import type { IndexTerm } from './indexFiles'
import { malformed, readReleaseText, type ParsedRelease, type ReleaseRow } from './orderFile'
import { HPO } from './systems'

/** An HPO release read from hp.json, with what the index keeps besides the codes. */
export interface HpoRelease {
  readonly release: ParsedRelease
  /** Exact and related synonyms (not broad or narrow: they name another concept). */
  readonly terms: readonly IndexTerm[]
  readonly definitions: readonly Definition[]
  /** Obsolete or merged ids (alternative ids, replaced-by) → the current term they stand for. */
  readonly alternatives: ReadonlyMap<string, string>
}

interface GraphNode {
  readonly id?: unknown
  readonly lbl?: unknown
  readonly type?: unknown
  readonly meta?: NodeMeta
}

interface NodeMeta {
  readonly deprecated?: unknown
  readonly definition?: { readonly val?: unknown }
  readonly synonyms?: readonly { readonly pred?: unknown; readonly val?: unknown }[]
  readonly basicPropertyValues?: readonly { readonly pred?: unknown; readonly val?: unknown }[]
}

interface GraphEdge {
  readonly sub?: unknown
  readonly pred?: unknown
  readonly obj?: unknown
}

/** The acknowledgement HPO's licence asks for, with the release shown (https://hpo.jax.org/app/license). */
export const HPO_ATTRIBUTION = (version: string): string =>
  `This product uses the Human Phenotype Ontology (version ${version}). ` +
  'Find out more at http://www.human-phenotype-ontology.org'

const HP_IRI = 'http://purl.obolibrary.org/obo/HP_'
const KEPT_SYNONYMS = new Set(['hasExactSynonym', 'hasRelatedSynonym'])
const ALTERNATIVE_ID = 'oboInOwl#hasAlternativeId'
const REPLACED_BY = 'IAO_0100001'

/** True when a text starts like an OBO Graphs JSON document (`{ "graphs": …`). */
export function looksLikeOboGraph(head: string): boolean {
  return /^\s*\{\s*"graphs"\s*:/.test(head.replace(/^\uFEFF/, ''))
}

/** Reads hp.json(.gz); throws E_RELEASE_MALFORMED naming the file and line for anything off. */
export function readHpoJson(path: string): HpoRelease {
  const { text, sha256 } = readReleaseText(path)
  const graph = graphOf(path, text)
  const at = (needle: string): number => lineOf(text, needle)
  const nodes = nodeList(path, graph.nodes)
  const active = new Map<string, GraphNode>()
  const alternatives = new Map<string, string>()
  for (const node of nodes) {
    const code = curieOf(node.id)
    if (code === null || (node.type !== undefined && node.type !== 'CLASS')) continue
    if (node.meta?.deprecated === true) {
      const replacement = propertyValues(node.meta, REPLACED_BY)[0]
      if (replacement !== undefined) alternatives.set(code, replacement)
      continue
    }
    if (typeof node.lbl !== 'string' || node.lbl.trim() === '') {
      throw malformed(path, at(String(node.id)), `HPO class ${code} has no label`)
    }
    active.set(code, node)
    for (const old of propertyValues(node.meta, ALTERNATIVE_ID)) alternatives.set(old, code)
  }
  if (active.size === 0) {
    throw malformed(path, 1, 'it holds no active HP_ classes: this is not the HPO hp.json')
  }
  const parents = isaParents(path, graph.edges, active)
  const rows: ReleaseRow[] = []
  const terms: IndexTerm[] = []
  const definitions: Definition[] = []
  for (const [code, node] of active) {
    const label = String(node.lbl).trim()
    rows.push({ code, billable: true, short: label, long: label, parents: parents.get(code) ?? [] })
    terms.push(...synonymsOf(code, label, node.meta))
    const definition = node.meta?.definition?.val
    if (typeof definition === 'string' && definition.trim() !== '') {
      definitions.push({ code, text: definition.trim() })
    }
  }
  const version = versionOf(graph.meta)
  const release = { system: HPO, release: version, version, source: basename(path), sha256, rows }
  // An id both retired and current (a re-used alternative id) stays itself.
  for (const code of active.keys()) alternatives.delete(code)
  return { release, terms, definitions, alternatives }
}

interface Graph {
  readonly nodes?: unknown
  readonly edges?: unknown
  readonly meta?: NodeMeta & { readonly version?: unknown }
}

function graphOf(path: string, text: string): Graph {
  let document: unknown
  try {
    document = JSON.parse(text)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    const position = /position (\d+)/.exec(reason)
    const line = position === null ? 1 : lineAtOffset(text, Number(position[1]))
    throw malformed(path, line, `it is not valid JSON (${reason.split('\n')[0]})`)
  }
  const graphs = (document as { graphs?: unknown } | null)?.graphs
  const graph = Array.isArray(graphs) ? (graphs[0] as Graph | undefined) : undefined
  if (graph === undefined || typeof graph !== 'object' || graph === null) {
    throw malformed(path, 1, 'it has no "graphs" list: this is not an OBO Graphs JSON file')
  }
  return graph
}

function nodeList(path: string, nodes: unknown): GraphNode[] {
  if (!Array.isArray(nodes)) throw malformed(path, 1, 'its graph has no "nodes" list')
  return nodes.filter((node): node is GraphNode => typeof node === 'object' && node !== null)
}

// is_a edges between active HP classes; an edge naming an unknown active class is an error.
function isaParents(
  path: string,
  edges: unknown,
  active: ReadonlyMap<string, GraphNode>,
): Map<string, string[]> {
  if (!Array.isArray(edges)) throw malformed(path, 1, 'its graph has no "edges" list')
  const parents = new Map<string, string[]>()
  for (const edge of edges as GraphEdge[]) {
    if (edge?.pred !== 'is_a') continue
    const child = curieOf(edge.sub)
    const parent = curieOf(edge.obj)
    if (child === null || parent === null || !active.has(child) || !active.has(parent)) continue
    const list = parents.get(child) ?? []
    if (!list.includes(parent)) list.push(parent)
    parents.set(child, list)
  }
  return parents
}

function synonymsOf(code: string, label: string, meta: NodeMeta | undefined): IndexTerm[] {
  const seen = new Set([label.toLowerCase()])
  const terms: IndexTerm[] = []
  for (const synonym of meta?.synonyms ?? []) {
    const pred = String(synonym.pred ?? '').replace(/^.*#/, '')
    if (!KEPT_SYNONYMS.has(pred) || typeof synonym.val !== 'string') continue
    const text = synonym.val.trim()
    if (text === '' || seen.has(text.toLowerCase())) continue
    seen.add(text.toLowerCase())
    terms.push({ code, kind: 'synonym', text })
  }
  return terms
}

function propertyValues(meta: NodeMeta | undefined, predSuffix: string): string[] {
  return (meta?.basicPropertyValues ?? []).flatMap((property) =>
    String(property.pred ?? '').endsWith(predSuffix) && typeof property.val === 'string'
      ? [property.val.trim()]
      : [],
  )
}

/** HP:0000118 from its IRI (or from a CURIE already), else null. */
function curieOf(id: unknown): string | null {
  if (typeof id !== 'string' || !id.startsWith(HP_IRI)) return null
  const local = id.slice(HP_IRI.length)
  return /^\d{7}$/.test(local) ? `HP:${local}` : null
}

// The release date, from the version IRI (…/hp/releases/2023-01-27/hp.json) or owl:versionInfo.
function versionOf(meta: Graph['meta']): string {
  const fromIri = /releases\/(\d{4}-\d{2}-\d{2})\//.exec(String(meta?.version ?? ''))
  if (fromIri?.[1] !== undefined) return fromIri[1]
  return propertyValues(meta, 'versionInfo')[0] ?? 'unknown'
}

// The line of a node's `"id": "<iri>"` (edges name the same IRI earlier in the file).
function lineOf(text: string, id: string): number {
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const match = new RegExp(`"id"\\s*:\\s*"${escaped}"`).exec(text)
  return match === null ? 1 : lineAtOffset(text, match.index)
}

function lineAtOffset(text: string, offset: number): number {
  let line = 1
  for (
    let index = text.indexOf('\n');
    index >= 0 && index < offset;
    index = text.indexOf('\n', index + 1)
  ) {
    line++
  }
  return line
}
