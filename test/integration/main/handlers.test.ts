// The IPC handlers over the real services: what the page sees when it opens notes, and when it
// imports, lists and drops terminology releases.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHandlers, type Platform } from '../../../src/main/handlers'
import { dispatchCall } from '../../../src/main/ipc'
import { createServices, type Services } from '../../../src/main/services'
import type { Events } from '../../../src/shared/ipc'
import { WOUND_CODES_V2_DIFF } from '../../fixtures/terminology/custom/woundCodesDiff'

const CUSTOM = resolve('test/fixtures/terminology/custom')

describe('documents.open through the handlers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coder-handlers-'))
  const events: Events['documents.progress'][] = []
  const importEvents: Events['terminology.progress'][] = []
  /** What the (fake) release dialog answers next; null is a cancelled dialog. */
  let pickedRelease: string | null = null
  const platform: Platform = {
    canPickFiles: false,
    pickNotes: async () => [],
    pickExportPath: async (name) => join(dir, name),
    pickRelease: async () => pickedRelease,
    notify: (event, payload) => {
      if (event === 'documents.progress') events.push(payload as Events['documents.progress'])
      if (event === 'terminology.progress')
        importEvents.push(payload as Events['terminology.progress'])
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

  it('imports a release by path and through the dialog, reporting progress and the diff', async () => {
    const handlers = createHandlers(services, platform)
    const v1 = join(CUSTOM, 'woundcodes_v1.csv')
    const first = await handlers['terminology.import']({ path: v1, system: 'Wound Codes' })
    expect(first.path).toBe(v1)
    expect(first.imported.map((r) => [r.system, r.release, r.codes, r.diff])).toEqual([
      ['Wound Codes', 'woundcodes_v1', 3, undefined],
    ])
    expect(new Set(importEvents.map((e) => e.phase))).toEqual(
      new Set(['read', 'prepare', 'write', 'index']),
    )
    expect(importEvents.every((e) => e.path === v1 && e.file === 1 && e.files === 1)).toBe(true)

    pickedRelease = null
    expect(await handlers['terminology.pick']({ kind: 'file', system: 'Wound Codes' })).toBeNull()
    pickedRelease = join(CUSTOM, 'woundcodes_v2.csv')
    const second = await handlers['terminology.pick']({ kind: 'file', system: 'Wound Codes' })
    expect(second?.imported[0]?.diff).toEqual(WOUND_CODES_V2_DIFF)
    // The app's own connection sees what the import thread wrote: the list and search.
    const wound = (await handlers['terminology.list']({})).filter((r) => r.system === 'Wound Codes')
    expect(wound.map((r) => [r.release, r.isCurrent])).toEqual([
      ['woundcodes_v2', true],
      ['woundcodes_v1', false],
    ])
    const hits = await handlers['terminology.search']({
      text: 'negative pressure wound therapy',
      system: 'Wound Codes',
    })
    expect(hits[0]?.code).toBe('WND-3')
  }, 120_000)

  it('refuses a malformed release with its line and leaves the releases as they were', async () => {
    const handlers = createHandlers(services, platform)
    const before = await handlers['terminology.list']({})
    const path = join(CUSTOM, 'broken_fields.csv')
    const result = await dispatchCall(handlers, 'terminology.import', {
      path,
      system: 'Wound Codes',
    })
    expect(result).toMatchObject({ ok: false, error: { code: 'E_RELEASE_MALFORMED' } })
    expect(result.ok ? '' : result.error.message).toMatch(
      /broken_fields\.csv is malformed at line 3/,
    )
    expect(await handlers['terminology.list']({})).toEqual(before)
    const bad = await dispatchCall(handlers, 'terminology.pick', { kind: 'everything' })
    expect(bad).toMatchObject({ ok: false, error: { code: 'E_INVALID_REQUEST' } })
  }, 120_000)

  it('drops the kept release and answers the releases left; the current one cannot be dropped', async () => {
    const handlers = createHandlers(services, platform)
    const left = await handlers['terminology.drop']({
      system: 'Wound Codes',
      release: 'woundcodes_v1',
    })
    expect(left.filter((r) => r.system === 'Wound Codes').map((r) => r.release)).toEqual([
      'woundcodes_v2',
    ])
    const current = await dispatchCall(handlers, 'terminology.drop', {
      system: 'Wound Codes',
      release: 'woundcodes_v2',
    })
    expect(current).toMatchObject({ ok: false, error: { code: 'E_OPTION' } })
  }, 120_000)
})
