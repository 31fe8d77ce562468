// The step runner: order checked at start-up, failures tagged with step and document.
import { describe, expect, it } from 'vitest'
import { checkStepOrder, type Step } from '../../../../src/main/pipeline'
import { meta as assertMeta } from '../../../../src/main/pipeline/assertion'
import { meta as nerMeta } from '../../../../src/main/pipeline/ner'
import { meta as segmentMeta } from '../../../../src/main/pipeline/segment'
import { runSteps } from '../../../../src/main/pipeline/step'
import type { NoteDocument } from '../../../../src/shared/domain'
import { CoderError } from '../../../../src/shared/errors'

const DOCUMENT: NoteDocument = {
  id: 'a.txt',
  path: '/a.txt',
  text: 'x',
  encoding: 'utf-8',
  sections: [],
}

describe('checkStepOrder', () => {
  it('accepts segment → ner → assert', () => {
    expect(() => checkStepOrder([segmentMeta, nerMeta, assertMeta])).not.toThrow()
  })

  it('names the step whose needs no earlier step gives', () => {
    expect(() => checkStepOrder([segmentMeta, assertMeta, nerMeta])).toThrow(
      /step "assert" needs chunks, which no earlier step gives/,
    )
    expect(() => checkStepOrder([nerMeta])).toThrow(/"ner" needs sentences/)
  })
})

describe('runSteps', () => {
  it('runs steps in order and tags a failure with the step and document id', async () => {
    const seen: string[] = []
    const ok: Step = {
      meta: { name: 'ok', needs: ['document'], gives: ['sentences'] },
      run: (analysis) => {
        seen.push('ok')
        return analysis
      },
    }
    const broken: Step = {
      meta: { name: 'broken', needs: ['sentences'], gives: ['chunks'] },
      run: () => {
        throw new Error('boom')
      },
    }
    const failure = await runSteps([ok, broken], DOCUMENT).catch((error: unknown) => error)
    expect(seen).toEqual(['ok'])
    expect(failure).toBeInstanceOf(CoderError)
    expect((failure as CoderError).code).toBe('E_INTERNAL')
    expect((failure as CoderError).message).toContain('pipeline step "broken" on document a.txt')
    expect((failure as CoderError).message).toContain('boom')
  })

  it('keeps a CoderError code and adds the step and document to its params', async () => {
    const missing: Step = {
      meta: { name: 'ner', needs: [], gives: [] },
      run: () => {
        throw new CoderError('E_MODEL_MISSING', { path: 'm' })
      },
    }
    const failure = (await runSteps([missing], DOCUMENT).catch((e: unknown) => e)) as CoderError
    expect(failure.code).toBe('E_MODEL_MISSING')
    expect(failure.params).toMatchObject({ path: 'm', step: 'ner', document: 'a.txt' })
  })

  it('adds each step’s milliseconds to the timings it is given, across calls', async () => {
    const step = (name: string): Step => ({
      meta: { name, needs: ['document'], gives: [] },
      run: (analysis) => analysis,
    })
    const timings: Record<string, number> = {}
    await runSteps([step('a'), step('b')], DOCUMENT, timings)
    const afterOne = { ...timings }
    await runSteps([step('a'), step('b')], DOCUMENT, timings)
    expect(Object.keys(timings).sort()).toEqual(['a', 'b'])
    expect(timings.a).toBeGreaterThanOrEqual(afterOne.a ?? Infinity)
    expect(afterOne.a).toBeGreaterThanOrEqual(0)
  })
})
