// Keyboard commands: j/k/a/r on the review screen, Ctrl+O/E, and letters left to fields.
import { describe, expect, it } from 'vitest'
import { keyCommand, type KeyPress } from '../../../../src/renderer/src/lib/keys'

const press = (key: string, extra: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  isTyping: false,
  ...extra,
})

describe('keyCommand', () => {
  it('maps the review keys', () => {
    expect(keyCommand(press('j'))).toBe('next')
    expect(keyCommand(press('ArrowDown'))).toBe('next')
    expect(keyCommand(press('k'))).toBe('previous')
    expect(keyCommand(press('a'))).toBe('accept')
    expect(keyCommand(press('r'))).toBe('reject')
  })

  it('leaves letters to a focused field and to unknown keys', () => {
    expect(keyCommand(press('a', { isTyping: true }))).toBeNull()
    expect(keyCommand(press('x'))).toBeNull()
    expect(keyCommand(press('a', { altKey: true }))).toBeNull()
  })

  it('maps Ctrl/Cmd+O and +E even while typing, and nothing else with a modifier', () => {
    expect(keyCommand(press('o', { ctrlKey: true, isTyping: true }))).toBe('open')
    expect(keyCommand(press('E', { metaKey: true }))).toBe('export')
    expect(keyCommand(press('a', { ctrlKey: true }))).toBeNull()
  })
})
