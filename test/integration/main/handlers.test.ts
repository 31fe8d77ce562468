// The IPC handlers over the real services: what the page sees when it opens notes.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHandlers, type Platform } from '../../../src/main/handlers'
import { createServices, type Services } from '../../../src/main/services'
import type { Events } from '../../../src/shared/ipc'

describe('documents.open through the handlers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coder-handlers-'))
  const events: Events['documents.progress'][] = []
  const platform: Platform = {
    canPickFiles: false,
    pickNotes: async () => [],
    pickExportPath: async (name) => join(dir, name),
    notify: (event, payload) => {
      if (event === 'documents.progress') events.push(payload as Events['documents.progress'])
    },
  }
  let services: Services

  beforeAll(() => {
    services = createServices({
      projectDb: join(dir, 'project.sqlite'),
      terminologyDb: join(dir, 'terminology.sqlite'),
      resourcesDir: resolve('resources'),
      threads: 1,
    })
  }, 120_000)

  afterAll(async () => services.close())

  it('reports progress per note, lists what opened and says why a file failed', async () => {
    const handlers = createHandlers(services, platform)
    const notes = ['examples/ed-knee.txt', 'examples/radiology-chest-ct.txt'].map((p) => resolve(p))
    const result = await handlers['documents.open']({ paths: [...notes, join(dir, 'missing.txt')] })
    expect(result.opened.map((summary) => summary.name).sort()).toEqual([
      'ed-knee.txt',
      'radiology-chest-ct.txt',
    ])
    expect(result.failed.map((failure) => failure.error.code)).toEqual(['E_FILE_NOT_FOUND'])
    expect(events.map(({ done, total }) => [done, total])).toEqual([
      [1, 2],
      [2, 2],
    ])
    expect(events.map((event) => event.path).sort()).toEqual(notes.sort())
  }, 120_000)
})
