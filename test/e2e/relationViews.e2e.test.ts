// End to end: the note's relation views in the real renderer (Debian's Chromium over the loopback
// bridge): the tabs, the knowledge graph and the patient timeline of a coded example note, clicking
// from either to the chunk in the text, and the empty states of a note without relations.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildKnowledgeGraph } from '../../src/renderer/src/lib/knowledgeGraph'
import { buildPatientTimeline } from '../../src/renderer/src/lib/patientTimeline'
import type { Api, DocumentSummary, DocumentView } from '../../src/shared/ipc'
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  HAS_CHROMIUM,
  SHOTS_DIR,
  START_TIMEOUT_MS,
  startBridge,
  stopBridge,
  type Bridge,
} from './webBridgeProcess'

/** Has clinical, posology and temporal relations (BEFORE and OVERLAP), and a Date ("six weeks"). */
const NOTE = 'discharge-summary.md'

if (!HAS_CHROMIUM) console.warn(`e2e skipped: ${CHROMIUM} is absent (apt-get install chromium)`)

/** The coded note as the page's contract gives it, looked up by file name. */
function fetchView(page: Page, name: string): Promise<DocumentView> {
  return page.evaluate(async (docName) => {
    const api = (globalThis as unknown as { api: Api }).api
    const listed = await api.call('documents.list', {})
    if (!listed.ok) throw new Error(listed.error.message)
    const doc = (listed.value as DocumentSummary[]).find((d) => d.name === docName)
    if (!doc) throw new Error(`${docName} is not in the worklist`)
    const got = await api.call('documents.get', { id: doc.id })
    if (!got.ok) throw new Error(got.error.message)
    return got.value as DocumentView
  }, name)
}

describe.skipIf(!HAS_CHROMIUM)(
  `relation views in the browser (needs ${CHROMIUM})`,
  { timeout: 120_000 },
  () => {
    let bridge: Bridge | undefined
    let browser: Browser
    let page: Page
    let view: DocumentView
    let noteDir: string
    const pageErrors: string[] = []

    beforeAll(async () => {
      await mkdir(SHOTS_DIR, { recursive: true })
      noteDir = await mkdtemp(join(tmpdir(), 'coder-e2e-views-'))
      bridge = await startBridge(['--open', join('examples', NOTE)])
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
      page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
      // CSP violations (an inline style, a remote font) and uncaught errors surface here.
      page.on('console', (message) => {
        if (message.type() === 'error') pageErrors.push(message.text())
      })
      page.on('pageerror', (error) => pageErrors.push(error.message))
      await page.goto(bridge.url)
      await page.getByTestId('chunk').first().waitFor()
      view = await fetchView(page, NOTE)
    }, START_TIMEOUT_MS + 30_000)

    afterAll(async () => {
      await browser?.close()
      await stopBridge(bridge)
      if (noteDir) await rm(noteDir, { recursive: true, force: true })
    })

    it('offers the relation list, graph and timeline as tabs, moved through by arrow keys', async () => {
      const tabs = page.getByRole('tablist', { name: 'Relation views' }).getByRole('tab')
      expect(await tabs.allInnerTexts()).toEqual(['Relations', 'Graph', 'Timeline'])
      const list = page.getByTestId('relation-tab-list')
      expect(await list.getAttribute('aria-selected')).toBe('true')
      await list.focus()
      await page.keyboard.press('ArrowRight')
      const graph = page.getByTestId('relation-tab-graph')
      expect(await graph.getAttribute('aria-selected')).toBe('true')
      expect(await graph.evaluate((el) => el.matches(':focus'))).toBe(true)
      expect(await list.getAttribute('tabindex')).toBe('-1')
      await expect.poll(() => page.getByRole('tabpanel').count()).toBe(1)
      expect(await page.getByRole('tabpanel').getAttribute('aria-labelledby')).toBe(
        'relation-tab-graph',
      )
      await page.keyboard.press('End')
      expect(await page.getByTestId('relation-tab-timeline').getAttribute('aria-selected')).toBe(
        'true',
      )
      await page.keyboard.press('Home')
      expect(await list.getAttribute('aria-selected')).toBe('true')
    })

    it('draws every related chunk as a card and every relation as a typed edge', async () => {
      const expected = buildKnowledgeGraph(view.document.chunks, view.document.relations)
      expect(expected.nodes.length).toBeGreaterThan(10)
      await page.getByTestId('relation-tab-graph').click()
      const nodes = page.getByTestId('graph-node')
      await nodes.first().waitFor()
      expect(await nodes.count()).toBe(expected.nodes.length)
      expect(await page.getByTestId('graph-edge').count()).toBe(expected.edges.length)
      const ids = await nodes.evaluateAll((els) => els.map((el) => el.getAttribute('data-chunk')))
      expect(ids.sort()).toEqual(expected.nodes.map((n) => n.chunk.id).sort())
      // Each card names its label and text; each edge its type, and confidence on hover.
      const first = expected.nodes[0]
      const card = page.locator(
        `[data-testid="graph-node"][data-chunk="${first?.chunk.id}"] button`,
      )
      expect(await card.innerText()).toContain(first?.chunk.label)
      const temporal = page.locator('[data-testid="graph-edge"][data-type="BEFORE"]').first()
      expect(await temporal.locator('title').textContent()).toMatch(/^BEFORE [01]\.\d\d$/)
      // Labels name their edge's type; most have room on their path (the rest are in the title).
      const labels = await page
        .getByTestId('graph-edge')
        .evaluateAll((els) =>
          els.flatMap((g) =>
            [...g.querySelectorAll('text')].map((t) => [
              t.textContent?.trim(),
              g.getAttribute('data-type'),
            ]),
          ),
        )
      expect(labels.every(([text, type]) => text === type)).toBe(true)
      expect(labels.length).toBeGreaterThan(expected.edges.length / 2)
      // The SVG fits the pane's width: nothing is cut off on the right.
      const svgBox = await page.locator('.graph-canvas').boundingBox()
      const panelWidth = await page
        .locator('.view-panel:not([hidden])')
        .evaluate((el) => el.clientWidth)
      expect(svgBox?.width).toBeLessThanOrEqual(panelWidth)
      await page.screenshot({ path: join(SHOTS_DIR, 'relation-graph.png') })
    })

    it('selects the chunk of a clicked card in the note text', async () => {
      const node = buildKnowledgeGraph(view.document.chunks, view.document.relations).nodes.find(
        (n) => n.chunk.text === 'creatinine',
      )
      expect(node).toBeDefined()
      const id = node?.chunk.id ?? ''
      const card = page.locator(`[data-testid="graph-node"][data-chunk="${id}"] button`)
      await card.click()
      const mark = page.locator(`.note-text mark[data-chunk="${id}"]`).first()
      await expect.poll(() => mark.getAttribute('class')).toContain('focused')
      expect(await card.getAttribute('aria-pressed')).toBe('true')
      // The text scrolled the chunk into sight: below the sticky header, above the open view.
      const [markBox, headBox, viewBox] = await Promise.all([
        mark.boundingBox(),
        page.locator('.note-head').boundingBox(),
        page.getByTestId('relation-views').boundingBox(),
      ])
      expect(markBox && headBox && markBox.y >= headBox.y + headBox.height).toBe(true)
      expect(markBox && viewBox && markBox.y + markBox.height <= viewBox.y).toBe(true)
      await page.screenshot({ path: join(SHOTS_DIR, 'relation-graph-selected.png') })
    })

    it('lays the temporal relations out as steps, dates as anchors, and counts what it leaves out', async () => {
      const expected = buildPatientTimeline(view.document.chunks, view.document.relations)
      expect(expected.steps.length).toBeGreaterThan(1)
      await page.getByTestId('relation-tab-timeline').click()
      await page.getByTestId('timeline-step').first().waitFor()
      expect(await page.getByTestId('timeline-step').count()).toBe(expected.steps.length)
      const moments = expected.steps.flatMap((s) => s.moments)
      expect(await page.getByTestId('timeline-moment').count()).toBe(moments.length)
      const events = moments.flatMap((m) => m.events.map((e) => e.id))
      const shown = await page
        .getByTestId('timeline-event')
        .evaluateAll((els) => els.map((el) => el.getAttribute('data-chunk')))
      expect(shown).toEqual(events)
      const dates = moments.flatMap((m) => (m.date ? [m.date.text] : []))
      expect(dates.length).toBeGreaterThan(0)
      expect(await page.getByTestId('timeline-date').allInnerTexts()).toEqual(dates)
      expect(await page.getByTestId('timeline-summary').innerText()).toContain(
        `${expected.unplacedCount} events with no temporal relation not shown`,
      )
      // Creatinine follows the fluids that precede it: a later step than the first.
      const lastStep = page.getByTestId('timeline-step').last()
      expect(await lastStep.innerText()).toContain('creatinine')
      await page.screenshot({ path: join(SHOTS_DIR, 'relation-timeline.png') })
    })

    it('selects the chunk of a clicked timeline event in the note text', async () => {
      const event = page.getByTestId('timeline-event').first()
      const id = (await event.getAttribute('data-chunk')) ?? ''
      await event.click()
      const mark = page.locator(`.note-text mark[data-chunk="${id}"]`).first()
      await expect.poll(() => mark.getAttribute('class')).toContain('focused')
    })

    it('says so plainly when a note has no relations', async () => {
      const path = join(noteDir, 'no-relations.txt')
      await writeFile(path, 'Follow-up visit. The patient is well.\n')
      await page.evaluate(async (notePath) => {
        const api = (globalThis as unknown as { api: Api }).api
        const opened = await api.call('documents.open', { paths: [notePath] })
        if (!opened.ok) throw new Error(opened.error.message)
      }, path)
      await page.reload()
      await page.getByTestId('worklist-item').filter({ hasText: 'no-relations.txt' }).click()
      await expect
        .poll(() => page.locator('.note-head .pane-title').innerText())
        .toBe('no-relations.txt')
      await page.getByTestId('relation-tab-graph').click()
      expect(await page.getByTestId('graph-empty').innerText()).toBe('No relations in this note.')
      await page.getByTestId('relation-tab-timeline').click()
      expect(await page.getByTestId('timeline-empty').innerText()).toContain(
        'No temporal relations in this note',
      )
      expect(pageErrors).toEqual([])
    })
  },
)
