// End to end: the coding mode in the real renderer (Debian's Chromium over the loopback bridge):
// the toolbar's fast/accurate choice survives a reload, and a note opened in accurate mode through
// the page's contract comes back with relations made by the accurate model.
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Api, DocumentView, OpenResult } from '../../src/shared/ipc'
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  HAS_CHROMIUM,
  SHOTS_DIR,
  START_TIMEOUT_MS,
  repoRoot,
  startBridge,
  stopBridge,
  type Bridge,
} from './webBridgeProcess'

if (!HAS_CHROMIUM) console.warn(`e2e skipped: ${CHROMIUM} is absent (apt-get install chromium)`)

describe.skipIf(!HAS_CHROMIUM)(
  `coding mode in the browser (needs ${CHROMIUM})`,
  { timeout: 180_000 },
  () => {
    let bridge: Bridge | undefined
    let browser: Browser
    let page: Page

    beforeAll(async () => {
      await mkdir(SHOTS_DIR, { recursive: true })
      bridge = await startBridge(['--open', 'examples/ed-knee.txt'])
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
      page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
      await page.goto(bridge.url)
    }, START_TIMEOUT_MS + 30_000)

    afterAll(async () => {
      await browser?.close()
      await stopBridge(bridge)
    })

    it('starts fast, and keeps accurate once chosen across a reload', async () => {
      const fast = page.getByTestId('mode-fast')
      const accurate = page.getByTestId('mode-accurate')
      await fast.waitFor()
      expect(await fast.getAttribute('aria-checked')).toBe('true')
      await accurate.click()
      expect(await accurate.getAttribute('aria-checked')).toBe('true')
      await page.reload()
      await page.getByTestId('worklist-item').first().waitFor()
      expect(await page.getByTestId('mode-accurate').getAttribute('aria-checked')).toBe('true')
      expect(await page.getByTestId('mode-fast').getAttribute('aria-checked')).toBe('false')
      await page.screenshot({ path: join(SHOTS_DIR, 'mode-accurate.png') })
    })

    it('codes a note opened with mode accurate with the accurate relation model', async () => {
      // A note not yet in the project: an opened one would come back as it was first coded.
      const path = join(repoRoot, 'examples', 'discharge-summary.md')
      const view = await page.evaluate(async (notePath) => {
        const api = (globalThis as unknown as { api: Api }).api
        const opened = await api.call('documents.open', { paths: [notePath], mode: 'accurate' })
        if (!opened.ok) throw new Error(opened.error.message)
        const first = (opened.value as OpenResult).opened[0]
        if (!first) throw new Error('nothing opened')
        const got = await api.call('documents.get', { id: first.id })
        if (!got.ok) throw new Error(got.error.message)
        return got.value as DocumentView
      }, path)
      // The clinical finding relations come from the transformer; posology and temporal order
      // have fast models only, in both modes.
      const extraTypes = /^(drug_|BEFORE|AFTER|OVERLAP)/
      const clinical = view.document.relations.filter((relation) => !extraTypes.test(relation.type))
      expect(clinical.length).toBeGreaterThan(3)
      expect(new Set(clinical.map((relation) => relation.model))).toEqual(new Set(['accurate']))
      const extra = view.document.relations.filter((relation) => extraTypes.test(relation.type))
      expect(extra.every((relation) => relation.model === 'fast')).toBe(true)
    })
  },
)
