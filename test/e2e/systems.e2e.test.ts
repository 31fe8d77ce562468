// End to end: the Systems screen in Debian's Chromium over the loopback bridge, against a fresh
// terminology index: list the shipped systems, import a custom release twice with progress and a
// diff, refuse a malformed file with the index unchanged, drop the kept release, page a large diff.
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Api, Events } from '../../src/shared/ipc'
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

const FIXTURES = join(repoRoot, 'test/fixtures/terminology')
const CUSTOM = join(FIXTURES, 'custom')
const SYSTEM = 'Wound Codes'

type Progress = Events['terminology.progress']

if (!HAS_CHROMIUM) console.warn(`e2e skipped: ${CHROMIUM} is absent (apt-get install chromium)`)

describe.skipIf(!HAS_CHROMIUM)(
  `the Systems screen in the browser (needs ${CHROMIUM})`,
  { timeout: 120_000 },
  () => {
    let bridge: Bridge | undefined
    let browser: Browser
    let page: Page
    let dir: string
    const requests: string[] = []
    const pageErrors: string[] = []

    /** The release rows as "system release current|kept", in table order. */
    const rows = (p: Page) =>
      p
        .getByTestId('release-row')
        .evaluateAll((trs) =>
          trs.map(
            (tr) =>
              `${tr.getAttribute('data-system')} ${tr.getAttribute('data-release')} ${
                tr.getAttribute('data-current') === 'true' ? 'current' : 'kept'
              }`,
          ),
        )

    /** Imports by path (the bridge has no file dialog) and waits until the import has ended. */
    async function importPath(path: string, system: string): Promise<void> {
      await page.getByTestId('import-system').fill(system)
      await page.getByTestId('import-path').fill(path)
      await page.getByTestId('import-submit').click()
      await page.getByTestId('import-progress').waitFor({ state: 'detached', timeout: 90_000 })
    }

    /** Progress events the page heard since the last call. */
    const takeProgress = (): Promise<Progress[]> =>
      page.evaluate(() => {
        const heard = (globalThis as unknown as { heard: Progress[] }).heard
        return heard.splice(0, heard.length)
      })

    const diffCodes = async (kind: string): Promise<string[]> => {
      await page.locator(`[data-testid="diff-kind"][data-kind="${kind}"]`).click()
      return page.getByTestId('diff-code').allInnerTexts()
    }

    beforeAll(async () => {
      await mkdir(SHOTS_DIR, { recursive: true })
      dir = await mkdtemp(join(tmpdir(), 'coder-e2e-systems-'))
      // A fresh index of its own: built from the shipped code sets, then changed by this test only.
      bridge = await startBridge(['--terminology-db', join(dir, 'terminology.sqlite')])
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
      page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
      page.on('request', (request) => requests.push(request.url()))
      page.on('console', (message) => {
        if (message.type() === 'error') pageErrors.push(message.text())
      })
      page.on('pageerror', (error) => pageErrors.push(error.message))
      await page.goto(bridge.url)
      // Record the progress events the page receives, beside the page's own listener.
      await page.evaluate(() => {
        const scope = globalThis as unknown as { api: Api; heard: unknown[] }
        scope.heard = []
        scope.api.on('terminology.progress', (event) => scope.heard.push(event))
      })
    }, START_TIMEOUT_MS + 30_000)

    afterAll(async () => {
      await browser?.close()
      await stopBridge(bridge)
      if (dir) await rm(dir, { recursive: true, force: true })
    })

    it('lists the shipped systems with their release, version and counts', async () => {
      await page.getByTestId('screen-systems').click()
      expect(await page.getByTestId('screen-systems').getAttribute('aria-current')).toBe('page')
      await page.getByTestId('release-row').first().waitFor()
      expect(await rows(page)).toEqual(
        expect.arrayContaining([
          'ICD-10-CM FY2026 current',
          'ICD-10-PCS FY2026 current',
          'HCPCS 2025-10 current',
        ]),
      )
      const cm = page.locator('[data-testid="release-row"][data-system="ICD-10-CM"]')
      const cells = await cm.locator('td').allInnerTexts()
      // Release, version, codes, headers, index terms: ICD-10-CM FY2026 has 74,719 billable codes.
      expect(cells.slice(0, 3)).toEqual([expect.stringContaining('FY2026'), '2026', '74,719'])
      expect(Number(cells[4]?.replace(/,/g, ''))).toBeGreaterThan(100_000)
      expect(await page.getByTestId('release-diff').innerText()).toContain('Import a release')
      await page.screenshot({ path: join(SHOTS_DIR, 'systems-before.png') })
    })

    it('imports a custom release with progress; a new system has no diff', async () => {
      await importPath(join(CUSTOM, 'woundcodes_v1.csv'), SYSTEM)
      const heard = await takeProgress()
      expect([...new Set(heard.map((e) => e.phase))]).toEqual(['read', 'prepare', 'write', 'index'])
      expect(heard.at(-1)).toMatchObject({ phase: 'index', done: 1, total: 1, file: 1, files: 1 })
      expect(await rows(page)).toContain(`${SYSTEM} woundcodes_v1 current`)
      expect(await page.getByTestId('diff-none').innerText()).toContain('every code is new')
      expect(await page.locator('.banner.notice').innerText()).toContain(
        `Imported ${SYSTEM} woundcodes_v1.`,
      )
    })

    it('imports the next release and shows codes added, deleted and re-described', async () => {
      await importPath(join(CUSTOM, 'woundcodes_v2.csv'), SYSTEM)
      expect(await rows(page)).toEqual(
        expect.arrayContaining([`${SYSTEM} woundcodes_v2 current`, `${SYSTEM} woundcodes_v1 kept`]),
      )
      expect(await page.getByTestId('diff-count').allInnerTexts()).toEqual(['1', '1', '1'])
      expect(await page.getByTestId('diff-previous-state').innerText()).toBe(
        '(kept until you drop it)',
      )
      expect(await diffCodes('deleted')).toEqual(['WND-2'])
      expect(await page.getByTestId('diff-description').allInnerTexts()).toEqual([
        'Complex wound dressing, with debridement',
      ])
      expect(await diffCodes('redescribed')).toEqual(['WND-1'])
      expect(await page.getByTestId('diff-before').allInnerTexts()).toEqual([
        'Simple wound dressing',
      ])
      expect(await page.getByTestId('diff-after').allInnerTexts()).toEqual([
        'Simple wound dressing (single layer)',
      ])
      await page.screenshot({ path: join(SHOTS_DIR, 'systems-diff-descriptions.png') })
      // The filter finds a code by its old or new description.
      await page.getByTestId('diff-filter').fill('single layer')
      expect(await page.getByTestId('diff-code').allInnerTexts()).toEqual(['WND-1'])
      await page.getByTestId('diff-filter').fill('')
      expect(await diffCodes('added')).toEqual(['WND-3'])
      expect(await page.getByTestId('diff-description').allInnerTexts()).toEqual([
        'Negative pressure wound therapy',
      ])
      await page.screenshot({ path: join(SHOTS_DIR, 'systems-after-import.png') })
      // A page opened afresh (as after a restart) shows the same diff, recomputed from the kept release.
      const fresh = await browser.newPage({ viewport: { width: 1440, height: 900 } })
      try {
        await fresh.goto(bridge!.url)
        await fresh.getByTestId('screen-systems').click()
        await fresh.getByTestId('diff-summary').waitFor()
        // The title is set in capitals by the style sheet.
        expect(await fresh.getByTestId('release-diff').innerText()).toMatch(
          /against the kept release/i,
        )
        expect(await fresh.getByTestId('diff-summary').innerText()).toContain(
          `${SYSTEM} woundcodes_v2`,
        )
        expect(await fresh.getByTestId('diff-count').allInnerTexts()).toEqual(['1', '1', '1'])
        await fresh.locator('[data-testid="diff-kind"][data-kind="redescribed"]').click()
        expect(await fresh.getByTestId('diff-after').allInnerTexts()).toEqual([
          'Simple wound dressing (single layer)',
        ])
        await fresh.screenshot({ path: join(SHOTS_DIR, 'systems-diff-after-restart.png') })
      } finally {
        await fresh.close()
      }
      // The new release is searchable at once on the notes screen's terminology search.
      const hits = await page.evaluate(async (system) => {
        const api = (globalThis as unknown as { api: Api }).api
        return api.call('terminology.search', { text: 'negative pressure', system })
      }, SYSTEM)
      expect(hits.ok && hits.value[0]?.code).toBe('WND-3')
    })

    it('shows a malformed release in the banner and leaves the index as it was', async () => {
      const before = await rows(page)
      await importPath(join(CUSTOM, 'broken_fields.csv'), SYSTEM)
      const banner = page.getByTestId('error-banner')
      await banner.waitFor()
      const text = await banner.innerText()
      expect(text).toContain('E_RELEASE_MALFORMED')
      expect(text).toMatch(/broken_fields\.csv is malformed at line 3/)
      expect(await rows(page)).toEqual(before)
      // The last successful import's diff is still shown.
      expect(await page.getByTestId('diff-count').allInnerTexts()).toEqual(['1', '1', '1'])
      await page.screenshot({ path: join(SHOTS_DIR, 'systems-error.png') })
      await page.getByRole('button', { name: 'Dismiss' }).click()
    })

    it('drops the kept release after a confirmation', async () => {
      const kept = page.locator(
        `[data-testid="release-row"][data-system="${SYSTEM}"][data-current="false"]`,
      )
      await kept.getByTestId('drop-release').click()
      await page.screenshot({ path: join(SHOTS_DIR, 'systems-drop-confirm.png') })
      await kept.getByTestId('drop-confirm').click()
      await expect.poll(() => kept.count()).toBe(0)
      expect(await rows(page)).toContain(`${SYSTEM} woundcodes_v2 current`)
      expect(await page.getByTestId('diff-previous-state').innerText()).toBe('(dropped since)')
      expect(await page.locator('.banner.notice').innerText()).toContain(
        `Dropped ${SYSTEM} woundcodes_v1.`,
      )
    })

    it('shows the bar while an ICD-10-CM release imports, then pages its large diff', async () => {
      await page.getByTestId('import-system').fill('')
      await page.getByTestId('import-path').fill(join(FIXTURES, 'icd10cm_order_2026.txt'))
      await page.getByTestId('import-submit').click()
      await page.getByTestId('import-progress-bar').waitFor()
      expect(await page.getByTestId('import-submit').isDisabled()).toBe(true)
      await page.screenshot({ path: join(SHOTS_DIR, 'systems-importing.png') })
      await page.getByTestId('import-progress').waitFor({ state: 'detached', timeout: 90_000 })
      expect(await takeProgress()).toContainEqual(
        expect.objectContaining({ phase: 'write', done: expect.any(Number) }),
      )

      // 22 lines of FY2026 replace the shipped FY2026: nearly every code is gone from this index.
      expect(await page.getByTestId('diff-summary').innerText()).toContain('ICD-10-CM FY2026')
      expect(await page.getByTestId('diff-previous-state').innerText()).toBe(
        '(the same release, imported again)',
      )
      const [added, deleted] = (await page.getByTestId('diff-count').allInnerTexts()).map((n) =>
        Number(n.replace(/,/g, '')),
      )
      expect(added).toBe(0)
      expect(deleted).toBeGreaterThan(90_000)
      expect(await diffCodes('deleted')).toHaveLength(200)
      expect(await page.locator('.diff-more').innerText()).toContain(
        `Showing 200 of ${deleted?.toLocaleString('en-US')}`,
      )
      await page.getByRole('button', { name: 'Show more' }).click()
      expect(await page.getByTestId('diff-code').count()).toBe(400)
      await page.getByTestId('diff-filter').fill('m25.5')
      const filtered = await page.getByTestId('diff-code').allInnerTexts()
      expect(filtered.length).toBeGreaterThan(0)
      expect(filtered.every((code) => code.startsWith('M25.5'))).toBe(true)
      // The fixture keeps M25.561/M25.562: they were not deleted.
      expect(filtered).not.toContain('M25.562')
      await page.screenshot({ path: join(SHOTS_DIR, 'systems-large-diff.png') })
    })

    it('searches the imported release from the notes screen, with its hierarchy', async () => {
      await page.getByTestId('screen-notes').click()
      await page.getByTestId('worklist-item').or(page.locator('.worklist .empty')).first().waitFor()
      expect(await page.getByTestId('systems-screen').count()).toBe(0)
      await page.locator('.search summary').click()
      // The system list offers what the Systems screen lists, the custom system included.
      expect(await page.getByTestId('search-system').locator('option').allInnerTexts()).toEqual(
        expect.arrayContaining(['All systems', 'ICD-10-CM', SYSTEM]),
      )
      await page.getByTestId('search-system').selectOption('ICD-10-CM')
      await page.getByTestId('search-input').fill('pain in left knee')
      await page.getByTestId('search-input').press('Enter')
      const hit = page.locator('[data-testid="search-hit"][data-code="M25.562"]')
      await hit.waitFor()
      const systemsShown = await page.locator('.search-results .system').allInnerTexts()
      expect(new Set(systemsShown)).toEqual(new Set(['ICD-10-CM']))
      expect(await hit.locator('.badge.billable').count()).toBe(1)
      const path = hit.getByTestId('search-hierarchy').locator('span:not(.hierarchy-sep)')
      expect(await path.allInnerTexts()).toEqual(['M25', 'M25.5', 'M25.56', 'M25.562'])
      await page.screenshot({ path: join(SHOTS_DIR, 'systems-search-hierarchy.png') })
    })

    it('requested nothing beyond the bridge', async () => {
      const origin = new URL(bridge!.url).origin
      for (const url of requests) expect(new URL(url).origin).toBe(origin)
      expect(pageErrors).toEqual([])
    })
  },
)
