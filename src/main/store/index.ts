// The project store's public surface (store layer): open a store, use its methods, close it.
export { openStore } from './store'
export type { ExportContent, SaveMeta, Store } from './store'
export { SCHEMA_VERSION } from './migrations'
