// The import progress throttle: a few reports a second, but every phase's first and last.
import { describe, expect, it } from 'vitest'
import { throttleProgress, type ImportProgress } from '../../../../src/main/terminology'

describe('throttleProgress', () => {
  it('drops reports closer than the interval, keeping phase starts and ends', () => {
    let nowMs = 0
    const heard: ImportProgress[] = []
    const report = throttleProgress(
      (p) => heard.push(p),
      100,
      () => nowMs,
    )
    const at = (ms: number, phase: ImportProgress['phase'], done: number, total: number) => {
      nowMs = ms
      report({ phase, done, total })
    }
    at(0, 'read', 0, 500)
    at(10, 'read', 500, 500)
    at(20, 'write', 0, 10_000)
    at(50, 'write', 2_048, 10_000)
    at(119, 'write', 4_096, 10_000)
    at(120, 'write', 6_144, 10_000)
    at(130, 'write', 8_192, 10_000)
    at(140, 'write', 10_000, 10_000)
    at(150, 'index', 0, 1)
    at(160, 'index', 1, 1)
    expect(heard.map((p) => `${p.phase} ${p.done}`)).toEqual([
      'read 0',
      'read 500',
      'write 0',
      'write 6144',
      'write 10000',
      'index 0',
      'index 1',
    ])
  })
})
