// Public surface of the terminology service: open an index, search, resolve, list and import releases (terminology layer).
export { openTerminology, buildIndexFromResources } from './terminologyService'
export type {
  TerminologyOptions,
  TerminologyService,
  TerminologyReleaseRecord,
} from './terminologyService'
export type { ImportReport } from './importer'
export type { SearchOptions } from './search'
export type { ResolveOptions } from './resolver'
export { parseOrderFile, findReleaseFiles } from './orderFile'
export type { ParsedRelease } from './orderFile'
export { writeResources } from './resources'
export type { Manifest } from './resources'
export { canonicalSystem, KNOWN_SYSTEMS, ICD10CM, ICD10PCS } from './systems'
