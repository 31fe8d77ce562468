// Public surface of the terminology service: open an index, search, resolve, list and import releases (terminology layer).
export { openTerminology, buildIndexFromResources } from './terminologyService'
export type {
  TerminologyOptions,
  TerminologyService,
  TerminologyReleaseRecord,
} from './terminologyService'
export type { ImportReport, ReleaseDiff, ReleaseExtras } from './importer'
export type { SearchOptions } from './search'
export type { ResolveOptions } from './resolver'
export { parseOrderFile, findReleaseFiles } from './orderFile'
export type { ParsedRelease } from './orderFile'
export { readResources, writeResources } from './resources'
export type { Manifest, ManifestEntry, ResourceExtras } from './resources'
export { canonicalSystem, KNOWN_SYSTEMS, ICD10CM, ICD10PCS, HCPCS } from './systems'
export { findIndexSources, readIndexSources } from './indexSources'
export type { IndexContent, IndexSourceFiles } from './indexSources'
export type { IndexTerm } from './indexFiles'
export { readHcpcsWorkbook } from './hcpcsFile'
export type { HcpcsCounts } from './hcpcsFile'
export { releaseFileKind } from './terminologyService'
export type { ReleaseFileKind } from './terminologyService'
