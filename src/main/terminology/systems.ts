// Code systems the terminology service knows: canonical names, aliases and code shapes (terminology layer).
import { CoderError } from '../../shared/errors'

export const ICD10CM = 'ICD-10-CM'
export const ICD10PCS = 'ICD-10-PCS'
export const KNOWN_SYSTEMS = [ICD10CM, ICD10PCS] as const
export type KnownSystem = (typeof KNOWN_SYSTEMS)[number]

const ALIASES: Readonly<Record<string, KnownSystem>> = {
  icd10cm: ICD10CM,
  cm: ICD10CM,
  icd10pcs: ICD10PCS,
  pcs: ICD10PCS,
}

/** The canonical name of a system given as written by a user (`icd10cm`, `ICD-10-CM`, `cm`), or null. */
export function canonicalSystem(name: string): KnownSystem | null {
  const key = name.toLowerCase().replace(/[^a-z0-9]/g, '')
  return ALIASES[key] ?? null
}

/** Like canonicalSystem, but throws E_SYSTEM_UNKNOWN for a name it does not know. */
export function requireSystem(name: string): KnownSystem {
  const system = canonicalSystem(name)
  if (system === null) throw new CoderError('E_SYSTEM_UNKNOWN', { system: name })
  return system
}

// CM: a letter, then 2 to 6 letters or digits (FY2026 added QA0…, a letter second). PCS: 7 characters from 0-9 and A-Z
// without I and O (3 for the section/body system/operation headers).
const CM_CODE = /^[A-Z][0-9A-Z]{2,6}$/
const PCS_CODE = /^[0-9A-HJ-NP-Z]{3}(?:[0-9A-HJ-NP-Z]{4})?$/

/** True when `code` (undotted, upper case) has the shape of a code of `system`. */
export function isCodeShape(system: KnownSystem, code: string): boolean {
  return system === ICD10CM ? CM_CODE.test(code) : PCS_CODE.test(code)
}

/** A code as coders write it: CM gets a dot after its 3rd character when longer; PCS is as is. */
export function writtenCode(system: KnownSystem, code: string): string {
  return system === ICD10CM && code.length > 3 ? `${code.slice(0, 3)}.${code.slice(3)}` : code
}

/** The undotted form of a written code (`M25.562` → `M25562`). */
export function undottedCode(code: string): string {
  return code.replace('.', '').toUpperCase()
}
