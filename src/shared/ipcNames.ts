// The names of the IPC calls and events, free of any schema library, so the sandboxed preload
// bundle stays small. ipc.ts checks at compile time that this list equals the contract's keys.

export const CALL_NAMES = [
  'app.info',
  'documents.list',
  'documents.open',
  'documents.pick',
  'documents.get',
  'review.decide',
  'export.save',
  'terminology.search',
  'terminology.list',
  'terminology.import',
  'terminology.pick',
  'terminology.drop',
  'terminology.diff',
] as const

export type CallName = (typeof CALL_NAMES)[number]

export const EVENT_NAMES = ['menu.command', 'documents.progress', 'terminology.progress'] as const

export type EventName = (typeof EVENT_NAMES)[number]

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && (CALL_NAMES as readonly string[]).includes(name)
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name)
}
