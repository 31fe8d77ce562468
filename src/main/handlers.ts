// IPC handlers: one line per contract call into the services. Shared by Electron and the web bridge.
import { readPackageVersion } from './appVersion'
import type { EventName, Events, ExportFormat, Handlers, ImportResult } from '../shared/ipc'
import type { Services } from './services'

/** What differs between hosts: native dialogs in Electron, none in the browser test bridge. */
export interface Platform {
  readonly canPickFiles: boolean
  pickNotes(): Promise<string[]>
  pickExportPath(defaultName: string, format: ExportFormat): Promise<string | null>
  /** A release file or folder to import; null when the user cancelled (or the host has no dialog). */
  pickRelease(kind: 'file' | 'folder'): Promise<string | null>
  /** Pushes an event to the page (progress while notes are coded). */
  notify<E extends EventName>(event: E, payload: Events[E]): void
}

/** Every contract call, bound to the services; the build fails if one is missing. */
export function createHandlers(services: Services, platform: Platform): Handlers {
  const reportProgress = {
    onProgress: (path: string, done: number, total: number) =>
      platform.notify('documents.progress', { path, done, total }),
  }
  /** Imports a release file or folder on the import thread, reporting its progress to the page. */
  const importReleases = async (path: string, system?: string): Promise<ImportResult> => ({
    path,
    imported: await services.importReleases(path, {
      system,
      onProgress: (progress) => platform.notify('terminology.progress', progress),
    }),
  })
  return {
    'app.info': async () => ({
      version: readPackageVersion(),
      models: services.models,
      terminologies: services.terminology.list(),
      canPickFiles: platform.canPickFiles,
    }),
    'documents.list': async () => services.store.listDocuments(),
    'documents.open': async ({ paths, mode }) =>
      services.openNotes(paths, { ...reportProgress, mode }),
    'documents.pick': async ({ mode }) =>
      services.openNotes(await platform.pickNotes(), { ...reportProgress, mode }),
    'documents.get': async ({ id }) => services.store.getDocument(id),
    'review.decide': async ({ suggestionId, action }) =>
      services.store.decide(suggestionId, action, services.coder),
    'export.save': async ({ documentId, format }) =>
      services.exportDocument(documentId, format, (name) => platform.pickExportPath(name, format)),
    'terminology.search': async ({ text, system, limit }) =>
      services.terminology.search(text, { system, limit }),
    'terminology.list': async () => services.terminology.list(),
    'terminology.import': async ({ path, system }) => importReleases(path, system),
    'terminology.pick': async ({ kind, system }) => {
      const path = await platform.pickRelease(kind)
      return path === null ? null : importReleases(path, system)
    },
    'terminology.diff': async ({ system }) => services.terminology.releaseDiff(system),
    'terminology.drop': async ({ system, release }) => {
      services.terminology.drop(system, release)
      return services.terminology.list()
    },
  }
}
