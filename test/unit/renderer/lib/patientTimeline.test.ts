// Patient timeline: OVERLAP moments anchored on dates, BEFORE/AFTER layering, cycles, empty notes.
import { describe, expect, it } from 'vitest'
import {
  buildPatientTimeline,
  type PatientTimeline,
} from '../../../../src/renderer/src/lib/patientTimeline'
import { chunk, rel } from './relationFixtures'

// "In 2019 fever and cough, then pneumonia; treated with ceftriaxone. Two weeks later a chest
// X-ray was clear." Offsets are spelled out; the text itself is not needed by the timeline.
const D1 = chunk('d1', 'Date', 3, '2019')
const FEVER = chunk('fever', 'Symptom', 8, 'fever')
const COUGH = chunk('cough', 'Symptom', 18, 'cough')
const PNEU = chunk('pneu', 'Problem', 30, 'pneumonia')
const CEF = chunk('cef', 'Drug', 54, 'ceftriaxone')
const D2 = chunk('d2', 'Date', 67, 'Two weeks later')
const CHEST = chunk('chest', 'BodyPart', 85, 'chest')
const XRAY = chunk('xray', 'Test', 91, 'X-ray')
const CHUNKS = [D1, FEVER, COUGH, PNEU, CEF, D2, CHEST, XRAY]

/** Each step as its moments, each moment as "date: events" (ids). */
function shape(timeline: PatientTimeline): string[][] {
  return timeline.steps.map((step) =>
    step.moments.map((m) => `${m.date?.id ?? '-'}: ${m.events.map((e) => e.id).join(' ')}`),
  )
}

describe('buildPatientTimeline', () => {
  it('gives no steps for an empty note', () => {
    expect(buildPatientTimeline([], [])).toEqual({ steps: [], unplacedCount: 0, setAsideCount: 0 })
  })

  it('gives no steps without temporal relations, and counts the events it leaves out', () => {
    const timeline = buildPatientTimeline(CHUNKS, [rel(XRAY, CHEST, 'bodypart_procedure')])
    expect(timeline.steps).toEqual([])
    // fever, cough, pneumonia, ceftriaxone, X-ray; neither the dates nor the body part are events.
    expect(timeline.unplacedCount).toBe(5)
  })

  it('anchors events on the date they OVERLAP, in either direction', () => {
    const timeline = buildPatientTimeline(CHUNKS, [
      rel(FEVER, D1, 'OVERLAP'),
      rel(D1, COUGH, 'OVERLAP'),
      rel(XRAY, D2, 'OVERLAP'),
    ])
    expect(shape(timeline)).toEqual([['d1: fever cough'], ['d2: xray']])
    expect(timeline.steps[0]?.moments[0]?.date).toBe(D1)
    expect(timeline.unplacedCount).toBe(2)
  })

  it('keeps an event overlapping two dates with the more confident one, and dates apart', () => {
    const timeline = buildPatientTimeline(CHUNKS, [
      rel(PNEU, D1, 'OVERLAP', 0.6),
      rel(PNEU, D2, 'OVERLAP', 0.8),
      rel(D1, D2, 'OVERLAP', 0.99),
    ])
    expect(shape(timeline)).toEqual([['d1: '], ['d2: pneu']])
  })

  it('orders dates by their place in the text, whatever a relation between them says', () => {
    const timeline = buildPatientTimeline(CHUNKS, [
      rel(D2, D1, 'BEFORE'),
      rel(FEVER, D1, 'OVERLAP'),
    ])
    expect(shape(timeline)).toEqual([['d1: fever'], ['d2: ']])
    expect(timeline.setAsideCount).toBe(1)
  })

  it('reads AFTER(a, b) as BEFORE(b, a)', () => {
    const after = buildPatientTimeline(CHUNKS, [rel(CEF, PNEU, 'AFTER')])
    const before = buildPatientTimeline(CHUNKS, [rel(PNEU, CEF, 'BEFORE')])
    expect(shape(after)).toEqual([['-: pneu'], ['-: cef']])
    expect(shape(before)).toEqual(shape(after))
    // Against text order too: the X-ray comes after ceftriaxone in the text but before it in time.
    expect(shape(buildPatientTimeline(CHUNKS, [rel(CEF, XRAY, 'AFTER')]))).toEqual([
      ['-: xray'],
      ['-: cef'],
    ])
  })

  it('layers a partial order: unordered events share a step, each after all it follows', () => {
    const timeline = buildPatientTimeline(CHUNKS, [
      rel(FEVER, PNEU, 'BEFORE'),
      rel(COUGH, PNEU, 'BEFORE'),
      rel(PNEU, CEF, 'BEFORE'),
      rel(FEVER, CEF, 'BEFORE'),
    ])
    expect(shape(timeline)).toEqual([['-: fever', '-: cough'], ['-: pneu'], ['-: cef']])
    expect(timeline.steps.map((s) => s.index)).toEqual([0, 1, 2])
    expect(timeline.setAsideCount).toBe(0)
  })

  it('orders whole moments: a dated moment follows what precedes any of its events', () => {
    const timeline = buildPatientTimeline(CHUNKS, [
      rel(CEF, D1, 'OVERLAP'),
      rel(PNEU, CEF, 'BEFORE'),
      rel(FEVER, PNEU, 'OVERLAP'),
    ])
    expect(shape(timeline)).toEqual([['-: fever pneu'], ['d1: cef']])
  })

  it('breaks a cycle at the event first in the text and counts what it set aside', () => {
    const timeline = buildPatientTimeline(CHUNKS, [
      rel(COUGH, PNEU, 'BEFORE'),
      rel(PNEU, CEF, 'BEFORE'),
      rel(CEF, COUGH, 'BEFORE'),
    ])
    expect(shape(timeline)).toEqual([['-: cough'], ['-: pneu'], ['-: cef']])
    expect(timeline.setAsideCount).toBe(1)
    const reversed = buildPatientTimeline(CHUNKS, [
      rel(PNEU, COUGH, 'AFTER'),
      rel(PNEU, COUGH, 'BEFORE'),
    ])
    expect(shape(reversed)).toEqual([['-: cough'], ['-: pneu']])
    expect(reversed.setAsideCount).toBe(1)
  })

  it('sets aside an order between two events of one moment', () => {
    const timeline = buildPatientTimeline(CHUNKS, [
      rel(FEVER, D1, 'OVERLAP'),
      rel(COUGH, D1, 'OVERLAP'),
      rel(FEVER, COUGH, 'BEFORE'),
    ])
    expect(shape(timeline)).toEqual([['d1: fever cough']])
    expect(timeline.setAsideCount).toBe(1)
  })

  it('ignores relations to a chunk of its own, to unknown chunks, and of other types', () => {
    const ghost = chunk('ghost', 'Problem', 200, 'ghost')
    const timeline = buildPatientTimeline(CHUNKS, [
      rel(FEVER, FEVER, 'BEFORE'),
      rel(FEVER, ghost, 'BEFORE'),
      rel(PNEU, CHEST, 'bodypart_problem'),
      rel(XRAY, CEF, 'OVERLAP'),
    ])
    expect(shape(timeline)).toEqual([['-: cef xray']])
    expect(timeline.unplacedCount).toBe(3)
  })
})
