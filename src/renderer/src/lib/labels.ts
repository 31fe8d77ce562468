// Label colours: a stable colour slot per entity label, shared by the highlights and the legend (renderer lib).

import { ENTITY_LABELS } from '../../../shared/domain'

/** Known labels in legend order; each gets its own slot so colours never shift between notes. */
const KNOWN: readonly string[] = ENTITY_LABELS

/** Number of colour classes in the stylesheet (`.label-0` … `.label-15`). */
export const LABEL_SLOTS = 16

/** The CSS class colouring a label; unknown labels hash into a slot so they are still distinct. */
export function labelClass(label: string): string {
  const known = KNOWN.indexOf(label)
  return `label-${known >= 0 ? known : hashSlot(label)}`
}

/** Orders labels for the legend: known labels first in their fixed order, then others by name. */
export function compareLabels(a: string, b: string): number {
  const rank = (label: string): number => {
    const index = KNOWN.indexOf(label)
    return index >= 0 ? index : KNOWN.length
  }
  return rank(a) - rank(b) || a.localeCompare(b)
}

function hashSlot(label: string): number {
  let hash = 0
  for (let i = 0; i < label.length; i++) hash = (hash * 31 + label.charCodeAt(i)) >>> 0
  return hash % LABEL_SLOTS
}
