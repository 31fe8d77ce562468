// End to end: the real renderer in Debian's Chromium, driven over the loopback bridge of `npm run web`
// against the real services: open, highlight, relations, enriched codes, accept, export, and no
// request beyond the bridge.
import { existsSync } from 'node:fs'
import { get as httpGet } from 'node:http'
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Api } from '../../src/shared/ipc'
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  HAS_CHROMIUM,
  SHOTS_DIR,
  START_TIMEOUT_MS,
  repoRoot,
  startBridge as startWebBridge,
  stopBridge,
  type Bridge,
} from './webBridgeProcess'

const NOTE = 'examples/ed-knee.txt'
/** CHIEF COMPLAINT of the note: its "pain" is related to "Left" and "knee", enriched to both. */
const COMPLAINT = 'Left knee pain'

/** The bridge with the note already in the worklist, exports going to `exportDir`. */
function startBridge(exportDir: string): Promise<Bridge> {
  return startWebBridge(['--open', NOTE, '--export-dir', exportDir])
}

if (!HAS_CHROMIUM) console.warn(`e2e skipped: ${CHROMIUM} is absent (apt-get install chromium)`)

describe.skipIf(!HAS_CHROMIUM)(
  `coding a note in the browser (needs ${CHROMIUM})`,
  { timeout: 120_000 },
  () => {
    let bridge: Bridge | undefined
    let browser: Browser
    let page: Page
    let exportDir: string
    const requests: string[] = []
    const sockets: string[] = []
    const pageErrors: string[] = []

    beforeAll(async () => {
      await mkdir(SHOTS_DIR, { recursive: true })
      exportDir = await mkdtemp(join(tmpdir(), 'coder-e2e-exports-'))
      bridge = await startBridge(exportDir)
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
      page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
      page.on('request', (request) => requests.push(request.url()))
      page.on('websocket', (socket) => sockets.push(socket.url()))
      // CSP violations and uncaught errors surface as console errors.
      page.on('console', (message) => {
        if (message.type() === 'error') pageErrors.push(message.text())
      })
      page.on('pageerror', (error) => pageErrors.push(error.message))
      await page.goto(bridge.url)
    }, START_TIMEOUT_MS + 30_000)

    afterAll(async () => {
      await browser?.close()
      await stopBridge(bridge)
      if (exportDir) await rm(exportDir, { recursive: true, force: true })
    })

    it('lists the opened note and shows its chunks highlighted and its codes', async () => {
      await expect.poll(() => page.getByTestId('worklist-item').count()).toBe(1)
      await expect
        .poll(() => page.getByTestId('worklist-item').innerText())
        .toContain('ed-knee.txt')
      await page.getByTestId('chunk').first().waitFor()
      expect(await page.getByTestId('chunk').count()).toBeGreaterThan(5)
      expect(await page.getByTestId('legend').innerText()).toContain('negated')

      // The page's text is the note's text, character for character: offsets line up.
      const note = await readFile(join(repoRoot, NOTE), 'utf8')
      const shown = await page.getByTestId('note-text').innerText()
      expect(shown.replace(/\r\n/g, '\n').trim()).toBe(note.replace(/\r\n/g, '\n').trim())

      // "He denies fever": fever is drawn negated, with the cue underlined.
      const negated = page.locator('[data-testid="chunk"][data-assertion="absent"]')
      expect(await negated.count()).toBeGreaterThan(0)
      expect(await negated.first().getAttribute('title')).toMatch(/negated by '/)
      expect(await page.locator('.note-text .cue').count()).toBeGreaterThan(0)

      await page.getByTestId('suggestion').first().waitFor()
      expect(
        await page.locator('[data-testid="chunk-codes"]:not(.not-proposed)').count(),
      ).toBeGreaterThan(0)
      await page.screenshot({ path: join(SHOTS_DIR, 'coding-open.png') })
    })

    it('never proposes codes of negated, hypothetical or family chunks', async () => {
      const notTheirs = ['absent', 'hypothetical', 'family']
      const proposed = page.locator('[data-testid="chunk-codes"]:not(.not-proposed)')
      for (const id of await proposed.evaluateAll((cards) =>
        cards.map((c) => c.getAttribute('data-chunk')),
      )) {
        const assertion = await page
          .locator(`.note-text [data-chunk="${id}"]`)
          .first()
          .getAttribute('data-assertion')
        expect(notTheirs).not.toContain(assertion)
      }
      // Where the services return such codes, they are greyed and hidden until the coder asks.
      const greyed = page.locator('[data-testid="chunk-codes"].not-proposed')
      if ((await greyed.count()) === 0) return
      const first = greyed.first()
      await first.scrollIntoViewIfNeeded()
      expect(await first.getByTestId('not-proposed').innerText()).toContain(
        "Not suggested as the patient's condition",
      )
      expect(await first.getByTestId('accept').count()).toBe(0)
      await first.getByRole('button', { name: /Show \d+ codes anyway/ }).click()
      expect(await first.locator('.suggestion.not-proposed').count()).toBeGreaterThan(0)
      await page.screenshot({ path: join(SHOTS_DIR, 'coding-not-proposed.png') })
      await first.getByRole('button', { name: 'Show fewer' }).click()
    })

    it('draws the relations of the hovered "pain" of "Left knee pain", and all on the toggle', async () => {
      const note = await readFile(join(repoRoot, NOTE), 'utf8')
      const painStart = note.indexOf(COMPLAINT) + 'Left knee '.length
      const pain = page.locator(`.note-text mark[data-start="${painStart}"]`).first()
      const painId = (await pain.getAttribute('data-chunk')) as string
      expect(await pain.innerText()).toBe('pain')
      await pain.scrollIntoViewIfNeeded()
      await pain.hover()

      const arcs = page.locator(`[data-testid="relation-arc"][data-head="${painId}"]`)
      await expect.poll(() => arcs.count()).toBeGreaterThanOrEqual(2)
      const tails = await arcs.evaluateAll((gs) => gs.map((g) => g.getAttribute('data-tail')))
      const tailTexts = []
      for (const tail of tails) {
        const mark = page.locator(`.note-text mark[data-chunk="${tail}"]`).first()
        tailTexts.push(await mark.innerText())
        expect(await mark.getAttribute('class')).toMatch(/\brelated\b/)
      }
      expect(tailTexts).toEqual(expect.arrayContaining(['Left', 'knee']))
      // Each arc names its type and confidence on hover, e.g. "bodypart_problem 0.91".
      for (const title of await arcs.locator('title').allTextContents()) {
        expect(title.trim()).toMatch(/^[a-z_]+ [01]\.\d\d$/)
      }
      expect(await page.getByTestId('relation-list').innerText()).toContain('bodypart_problem')
      expect(await page.getByTestId('relation').count()).toBe(await arcs.count())

      // Drawn where the text is: each arc starts at the top of "pain" and ends at its tail's mark.
      const offsets = await page.evaluate((head) => {
        // In the page; the node-side typings have no DOM, so the few members used are spelled out.
        interface Point {
          x: number
          y: number
        }
        interface Rect {
          left: number
          right: number
          top: number
        }
        interface El {
          getAttribute(name: string): string | null
          getBoundingClientRect(): Rect
          querySelector(selector: string): El & Path
          ownerSVGElement: El
        }
        interface Path {
          getTotalLength(): number
          getPointAtLength(at: number): Point
        }
        const doc = (
          globalThis as unknown as { document: El & { querySelectorAll(s: string): El[] } }
        ).document
        return [...doc.querySelectorAll(`g[data-head="${head}"]`)].map((g) => {
          const line = g.querySelector('.arc-line')
          const origin = g.ownerSVGElement.getBoundingClientRect()
          const at = (p: Point) => ({ x: p.x + origin.left, y: p.y + origin.top })
          const from = at(line.getPointAtLength(0))
          const to = at(line.getPointAtLength(line.getTotalLength()))
          const box = (id: string | null) =>
            doc.querySelector(`.note-text mark[data-chunk="${id}"]`).getBoundingClientRect()
          const [h, t] = [box(g.getAttribute('data-head')), box(g.getAttribute('data-tail'))]
          const off = (p: Point, r: Rect) =>
            Math.max(r.left - p.x, p.x - r.right, 0) + Math.abs(p.y - r.top)
          return [off(from, h), off(to, t)]
        })
      }, painId)
      expect(offsets.length).toBeGreaterThanOrEqual(2)
      for (const [fromPx, toPx] of offsets) {
        expect(fromPx).toBeLessThan(2)
        expect(toPx).toBeLessThan(2)
      }
      await page.screenshot({ path: join(SHOTS_DIR, 'relations-hover.png') })

      // The toggle draws every relation of the note at once.
      const toggle = page.getByTestId('relations-toggle')
      const total = Number(await toggle.locator('.count').innerText())
      expect(total).toBeGreaterThan(2)
      await toggle.click()
      expect(await toggle.getAttribute('aria-pressed')).toBe('true')
      await expect.poll(() => page.getByTestId('relation-arc').count()).toBe(total)
      await pain.hover()
      await page.screenshot({ path: join(SHOTS_DIR, 'relations-all.png') })
      await toggle.click()
      await page.getByTestId('worklist-item').first().hover()
      await expect.poll(() => page.getByTestId('relation-arc').count()).toBe(0)
    })

    it('accepts a suggestion and exports it to CSV and JSON with offsets into the note', async () => {
      // A knee or pain chunk if the model found one, so the screenshot shows a sensible code.
      const proposed = page.locator('[data-testid="chunk-codes"]:not(.not-proposed)')
      const preferred = proposed.filter({
        has: page.locator('.chunk-head mark', { hasText: /knee|pain/ }),
      })
      const group = (await preferred.count()) > 0 ? preferred.first() : proposed.first()
      const base = group.locator('[data-testid="suggestion"][data-basis="base"]')
      const row = (await base.count()) > 0 ? base.first() : group.getByTestId('suggestion').first()
      const code = (await row.getAttribute('data-code')) as string
      await row.getByTestId('accept').click()
      await expect.poll(() => row.getAttribute('data-decision')).toBe('accept')
      await expect.poll(() => page.getByTestId('worklist-item').innerText()).toContain('✓ 1')
      await page.screenshot({ path: join(SHOTS_DIR, 'coding-accepted.png') })

      const note = await readFile(join(repoRoot, NOTE), 'utf8')
      await page.getByTestId('export-csv').click()
      const csvPath = await waitForExport(page, '.csv')
      const rows = parse(await readFile(csvPath, 'utf8'), { columns: true }) as Record<
        string,
        string
      >[]
      const csvRow = rows.find((r) => r['code'] === code)
      expect(csvRow, `accepted ${code} in ${csvPath}`).toBeDefined()
      const start = Number(csvRow?.['start'])
      const end = Number(csvRow?.['end'])
      expect(end).toBeGreaterThan(start)
      expect(note.slice(start, end)).toBe(csvRow?.['evidence'])

      await page.getByTestId('export-json').click()
      const jsonPath = await waitForExport(page, '.json')
      const summary = JSON.parse(await readFile(jsonPath, 'utf8')) as {
        codes: { code: string; start: number; end: number; evidence: string }[]
      }
      const jsonCode = summary.codes.find((c) => c.code === code)
      expect(jsonCode).toBeDefined()
      expect(jsonCode?.start).toBe(start)
      expect(jsonCode?.end).toBe(end)
      expect(note.slice(start, end)).toBe(jsonCode?.evidence)
      // The exported span covers the chunk the page highlighted for that code (exactly, for a base match).
      const [chunkStart, chunkEnd] = (await group.locator('.offsets').innerText())
        .split('–')
        .map(Number)
      const basis = await row.getAttribute('data-basis')
      if (basis === 'base') expect([start, end]).toEqual([chunkStart, chunkEnd])
      else expect(start <= chunkStart! && chunkEnd! <= end).toBe(true)
      await page.screenshot({ path: join(SHOTS_DIR, 'coding-exported.png') })
    })

    it('shows the enriched "Left knee pain" → M25.562 first, accepts it and exports it as enriched', async () => {
      const note = await readFile(join(repoRoot, NOTE), 'utf8')
      const painStart = note.indexOf(COMPLAINT) + 'Left knee '.length
      const painId = await page
        .locator(`.note-text mark[data-start="${painStart}"]`)
        .first()
        .getAttribute('data-chunk')
      const card = page.locator(`[data-testid="chunk-codes"][data-chunk="${painId}"]`)
      await card.scrollIntoViewIfNeeded()
      const enriched = card.getByTestId('enriched')
      expect((await enriched.innerText()).toLowerCase()).toContain('left knee pain')
      expect(await enriched.getByTestId('modifier').allInnerTexts()).toEqual(['Left', 'knee'])
      // Enriched first, then base, each with its badge.
      const bases = await card
        .getByTestId('basis-group')
        .evaluateAll((groups) => groups.map((g) => g.getAttribute('data-basis')))
      expect(bases).toEqual(['enriched', 'base'])
      const row = card.locator(
        '[data-testid="suggestion"][data-basis="enriched"][data-code="M25.562"]',
      )
      // Each basis group carries its badge and the text it was matched on.
      const heads = await card.locator('.basis-head').allInnerTexts()
      expect(heads[0]).toMatch(/enriched/i)
      expect(heads[0]?.toLowerCase()).toContain('left knee pain')
      expect(heads[1]).toMatch(/base/i)
      await row.getByTestId('accept').click()
      await expect.poll(() => row.getAttribute('data-decision')).toBe('accept')
      await page.screenshot({ path: join(SHOTS_DIR, 'codes-enriched.png') })

      // The earlier export wrote the same file name: wait until the rewrite holds the new code.
      await page.getByTestId('export-json').click()
      const jsonPath = await waitForExport(page, '.json')
      type Exported = { code: string; basis: string; chunkText: string; start: number; end: number }
      const findCode = async () => {
        const summary = JSON.parse(await readFile(jsonPath, 'utf8')) as { codes: Exported[] }
        return summary.codes.find((c) => c.code === 'M25.562' && c.start === painStart)
      }
      await expect.poll(findCode).toBeDefined()
      const code = await findCode()
      expect(code).toMatchObject({
        basis: 'enriched',
        end: painStart + 'pain'.length,
      })
      expect(code?.chunkText.toLowerCase()).toBe('left knee pain')
    })

    it('shows a call error in the banner with what to do', async () => {
      await page.locator('.search summary').click()
      await page.getByTestId('search-input').fill('x'.repeat(501))
      await page.getByTestId('search-input').press('Enter')
      await page.getByTestId('error-banner').waitFor()
      expect(await page.getByTestId('error-banner').innerText()).toContain('E_INVALID_REQUEST')
      await page.screenshot({ path: join(SHOTS_DIR, 'coding-error.png') })
      await page.getByRole('button', { name: 'Dismiss' }).click()
    })

    it('searches the terminology for a code the suggestions missed', async () => {
      await page.getByTestId('search-input').fill('pain in left knee')
      await page.getByTestId('search-input').press('Enter')
      const hits = page.locator('.search-results li')
      await expect.poll(() => hits.count()).toBeGreaterThan(0)
      expect(await hits.allInnerTexts()).toContainEqual(expect.stringMatching(/knee/i))
      await page.screenshot({ path: join(SHOTS_DIR, 'coding-search.png') })
    })

    it('moves and decides with the keyboard (j, r)', async () => {
      await page.locator('body').click({ position: { x: 5, y: 5 } })
      await page.keyboard.press('j')
      const focused = page.locator('[data-testid="suggestion"].focused')
      await expect.poll(() => focused.count()).toBe(1)
      await page.keyboard.press('r')
      await expect.poll(() => focused.getAttribute('data-decision')).toBe('reject')
      const first = await focused.getAttribute('data-code')
      await page.keyboard.press('j')
      await page.keyboard.press('k')
      expect(await focused.getAttribute('data-code')).toBe(first)
      await page.keyboard.press('j')
      await page.keyboard.press('j')
      await page.screenshot({ path: join(SHOTS_DIR, 'coding-keyboard.png') })
    })

    it('answers bad calls over the bridge with coded errors, never a throw', async () => {
      const results = await page.evaluate(async () => {
        // In the page, globalThis is window.
        const api = (globalThis as unknown as { api: Api }).api
        const loose = api.call as (name: string, request: unknown) => Promise<unknown>
        return [
          await loose('documents.delete', {}),
          await loose('documents.get', { id: 'one' }),
          await api.call('documents.get', { id: 999_999 }),
        ]
      })
      expect(results.map((r) => (r as { error?: { code: string } }).error?.code)).toEqual([
        'E_INVALID_REQUEST',
        'E_INVALID_REQUEST',
        'E_NOT_FOUND',
      ])
    })

    it('requests nothing but the bridge origin and its socket', async () => {
      const origin = new URL(bridge!.url)
      expect(requests.length).toBeGreaterThan(0)
      for (const url of requests) expect(new URL(url).origin).toBe(origin.origin)
      expect(sockets).toEqual([`ws://${origin.host}/__bridge/ws`])
      expect(pageErrors).toEqual([])
    })

    it('refuses sockets from other origins and requests for other hosts', async () => {
      const url = new URL(bridge!.url)
      const foreign = new WebSocket(`ws://${url.host}/__bridge/ws`, {
        origin: 'http://example.com',
      })
      await expect(
        new Promise((done, fail) => {
          foreign.once('open', () => fail(new Error('opened')))
          foreign.once('error', done)
        }),
      ).resolves.toBeDefined()
      // A DNS-rebinding page reaches the port under another host name: refused.
      expect(await statusFor(url, `evil.test:${url.port}`)).toBe(403)
      expect(await statusFor(url, url.host)).toBe(200)
    })

    it('closes the databases and exits cleanly on SIGTERM', async () => {
      await stopBridge(bridge)
      expect(bridge?.isClosed()).toBe(true)
      expect(bridge?.stderr()).toMatch(/^closed$/m)
    })
  },
)

function statusFor(url: URL, host: string): Promise<number | undefined> {
  return new Promise((done, fail) => {
    const request = httpGet(
      { host: url.hostname, port: url.port, path: '/', headers: { host } },
      (response) => {
        response.resume()
        done(response.statusCode)
      },
    )
    request.once('error', fail)
  })
}

async function waitForExport(page: Page, extension: string): Promise<string> {
  const path = page.getByTestId('export-path')
  await expect
    .poll(async () => ((await path.count()) ? await path.innerText() : ''))
    .toMatch(new RegExp(`\\${extension}$`))
  const written = await path.innerText()
  expect(existsSync(written)).toBe(true)
  return written
}
