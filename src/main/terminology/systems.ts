// Code systems the terminology service knows: canonical names, aliases and code shapes (terminology layer).
// Built-in systems have fixed names; a custom system (imported from CSV) is named by the user.
import { CoderError } from '../../shared/errors'

export const ICD10CM = 'ICD-10-CM'
export const ICD10PCS = 'ICD-10-PCS'
export const HCPCS = 'HCPCS'
export const KNOWN_SYSTEMS = [ICD10CM, ICD10PCS, HCPCS] as const
export type KnownSystem = (typeof KNOWN_SYSTEMS)[number]

// Systems read from their own release formats. Unlike the built-in ones they are known only once
// imported (a licensed system may never be), so they are named like custom systems, with aliases.
export const HPO = 'HPO'
export const SNOMED_CT = 'SNOMED CT'
export const RXNORM = 'RxNorm'
export const LOINC = 'LOINC'
export const RELEASE_FORMAT_SYSTEMS = [HPO, SNOMED_CT, RXNORM, LOINC] as const

const FORMAT_ALIASES: Readonly<Record<string, string>> = {
  hpo: HPO,
  hp: HPO,
  humanphenotypeontology: HPO,
  snomed: SNOMED_CT,
  snomedct: SNOMED_CT,
  sct: SNOMED_CT,
  rxnorm: RXNORM,
  loinc: LOINC,
}

const ALIASES: Readonly<Record<string, KnownSystem>> = {
  icd10cm: ICD10CM,
  cm: ICD10CM,
  icd10pcs: ICD10PCS,
  pcs: ICD10PCS,
  hcpcs: HCPCS,
  hcpcsii: HCPCS,
  hcpcslevelii: HCPCS,
  hcpcs2: HCPCS,
}

/** The comparison key of a system name: lower case letters and digits only (`ICD-10-CM` → icd10cm). */
export function systemKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '')
}

/** The canonical name of a system given as written by a user (`icd10cm`, `ICD-10-CM`, `cm`), or null. */
export function canonicalSystem(name: string): KnownSystem | null {
  return ALIASES[systemKey(name)] ?? null
}

/** The name of a release-format system (HPO, SNOMED CT, RxNorm, LOINC) given by an alias, or null. */
export function releaseFormatSystem(name: string): string | null {
  return FORMAT_ALIASES[systemKey(name)] ?? null
}

/** Like canonicalSystem, but throws E_SYSTEM_UNKNOWN for a name it does not know. */
export function requireSystem(name: string): KnownSystem {
  const system = canonicalSystem(name)
  if (system === null) throw new CoderError('E_SYSTEM_UNKNOWN', { system: name })
  return system
}

/** True for a built-in system name (canonical spelling). */
export function isKnownSystem(name: string): name is KnownSystem {
  return (KNOWN_SYSTEMS as readonly string[]).includes(name)
}

// A custom system's name: a letter first, then up to 31 letters, digits, spaces, dots, dashes or
// underscores; it must not collide with a built-in system's name or alias.
const CUSTOM_NAME = /^[A-Za-z][\w .-]{0,31}$/

/** Checks the name a user gives a custom system; throws E_OPTION saying what a name may be. */
export function requireCustomSystemName(name: string): string {
  const trimmed = name.trim()
  const isTaken = canonicalSystem(trimmed) !== null || releaseFormatSystem(trimmed) !== null
  if (!CUSTOM_NAME.test(trimmed) || isTaken) {
    const reason = `--system "${name}" must start with a letter, have at most 32 letters, digits, spaces, dots, dashes or underscores, and not be a built-in system (ICD-10-CM, ICD-10-PCS, HCPCS, HPO, SNOMED CT, RxNorm, LOINC)`
    throw new CoderError('E_OPTION', { reason })
  }
  return trimmed
}

// CM: a letter, then 2 to 6 letters or digits (FY2026 added QA0…, a letter second). PCS: 7 characters from 0-9 and A-Z
// without I and O (3 for the section/body system/operation headers). HCPCS Level II: a letter A–V and 4 digits.
const CM_CODE = /^[A-Z][0-9A-Z]{2,6}$/
const PCS_CODE = /^[0-9A-HJ-NP-Z]{3}(?:[0-9A-HJ-NP-Z]{4})?$/
const HCPCS_CODE = /^[A-V][0-9]{4}$/
// Custom codes: 1 to 40 visible characters without spaces or commas.
const CUSTOM_CODE = /^[^\s,]{1,40}$/

/** True when `code` (undotted, upper case for built-in systems) has the shape of a code of `system`. */
export function isCodeShape(system: string, code: string): boolean {
  if (system === ICD10CM) return CM_CODE.test(code)
  if (system === ICD10PCS) return PCS_CODE.test(code)
  if (system === HCPCS) return HCPCS_CODE.test(code)
  return CUSTOM_CODE.test(code)
}

/** A code as coders write it: CM gets a dot after its 3rd character when longer; others are as is. */
export function writtenCode(system: string, code: string): string {
  return system === ICD10CM && code.length > 3 ? `${code.slice(0, 3)}.${code.slice(3)}` : code
}

/** The undotted form of a written code (`M25.562` → `M25562`). */
export function undottedCode(code: string): string {
  return code.replace('.', '').toUpperCase()
}
