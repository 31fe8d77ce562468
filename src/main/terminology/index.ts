// Public surface of the terminology service: open an index, search, resolve, list and import releases (terminology layer).
export { openTerminology, buildIndexFromResources } from './terminologyService'
export type {
  ImportOptions,
  TerminologyOptions,
  TerminologyService,
  TerminologyReleaseRecord,
} from './terminologyService'
export { throttleProgress } from './importProgress'
export type { ImportPhase, ImportProgress, ImportProgressListener } from './importProgress'
export type { Definition, ImportReport, ReleaseExtras } from './importer'
export type { DiffEntry, ReleaseDiff } from './releaseDiff'
export type { SystemDiff } from './terminologyService'
export type { Retrieval, SearchOptions } from './search'
export type { ResolveOptions } from './resolver'
export { parseOrderFile, findReleaseFiles } from './orderFile'
export type { ParsedRelease } from './orderFile'
export { readResources, recordWordVectors, writeResources } from './resources'
export type { Manifest, ManifestEntry, ResourceExtras, WordVectorsEntry } from './resources'
export { normalizeQuery, vectorWords } from './normalize'
export {
  canonicalSystem,
  KNOWN_SYSTEMS,
  ICD10CM,
  ICD10PCS,
  HCPCS,
  HPO,
  SNOMED_CT,
  RXNORM,
  LOINC,
  RELEASE_FORMAT_SYSTEMS,
} from './systems'
export { findIndexSources, readIndexSources } from './indexSources'
export type { IndexContent, IndexSourceFiles } from './indexSources'
export type { IndexTerm } from './indexFiles'
export { readHcpcsWorkbook } from './hcpcsFile'
export type { HcpcsCounts } from './hcpcsFile'
export { releaseFileKind } from './releaseKinds'
export type { ReleaseFileKind } from './releaseKinds'
export { readHpoJson } from './hpoFile'
export type { HpoRelease } from './hpoFile'
export { createPlainFtsBaseline } from './plainFts'
export type { NamedCode, PlainFtsBaseline } from './plainFts'
export { readSnomedSnapshot } from './snomedRf2'
export type { SnomedRelease } from './snomedRf2'
export { readRxnorm } from './rxnormRrf'
export type { RxnormRelease } from './rxnormRrf'
export { readLoincCsv } from './loincCsv'
export type { LoincRelease } from './loincCsv'
