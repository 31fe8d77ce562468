// Keyboard commands of the review screen: which key does what (renderer lib, pure).

export type KeyCommand = 'next' | 'previous' | 'accept' | 'reject' | 'open' | 'export'

/** The fields of a KeyboardEvent this mapping reads, so it can be tested without a DOM. */
export interface KeyPress {
  readonly key: string
  readonly ctrlKey: boolean
  readonly metaKey: boolean
  readonly altKey: boolean
  /** True while typing in a field: letters then belong to the field, not to the review. */
  readonly isTyping: boolean
}

const PLAIN: Readonly<Record<string, KeyCommand>> = {
  j: 'next',
  ArrowDown: 'next',
  k: 'previous',
  ArrowUp: 'previous',
  a: 'accept',
  r: 'reject',
}

const WITH_MODIFIER: Readonly<Record<string, KeyCommand>> = { o: 'open', e: 'export' }

/** The command a key press means on the review screen, or null to let the browser have it. */
export function keyCommand(press: KeyPress): KeyCommand | null {
  if (press.altKey) return null
  if (press.ctrlKey || press.metaKey) return WITH_MODIFIER[press.key.toLowerCase()] ?? null
  if (press.isTyping) return null
  return PLAIN[press.key] ?? null
}
