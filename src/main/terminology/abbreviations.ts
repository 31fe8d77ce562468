// Clinical abbreviations and note words, expanded into the words code titles use, in queries and in indexed texts (terminology layer).
// Written for this project. Notation: space-separated words are required; words in [brackets] are
// optional (they raise a code that has them, but a code without them is still found).

/** Abbreviation or note word (lower case, as tokenized) → the words of ICD-10 titles it stands for. */
export const ABBREVIATIONS: Readonly<Record<string, string>> = {
  // Diagnoses and findings
  htn: 'hypertension [essential]',
  dm: 'diabetes mellitus [type] [2]',
  // Diabetes of undocumented type is coded as type 2 (ICD-10-CM guideline I.C.4.a.2).
  diabetes: 'diabetes [mellitus] [type] [2]',
  diabetic: 'diabetic [mellitus] [type] [2]',
  dm1: 'type 1 diabetes mellitus',
  t1dm: 'type 1 diabetes mellitus',
  iddm: 'type 1 diabetes mellitus',
  dm2: 'type 2 diabetes mellitus',
  dmii: 'type 2 diabetes mellitus',
  t2dm: 'type 2 diabetes mellitus',
  niddm: 'type 2 diabetes mellitus',
  chf: 'heart failure [congestive]',
  hf: 'heart failure',
  copd: 'chronic obstructive pulmonary disease',
  ckd: 'chronic kidney disease',
  aki: 'acute kidney failure',
  esrd: 'end stage renal disease',
  uti: 'urinary tract infection',
  uri: 'upper respiratory infection',
  mi: 'myocardial infarction [acute]',
  ami: 'acute myocardial infarction',
  nstemi: 'non st elevation myocardial infarction',
  stemi: 'st elevation myocardial infarction',
  cad: 'atherosclerotic heart disease [coronary] [artery]',
  sob: 'shortness breath',
  doe: 'dyspnea [exertion]',
  cp: 'chest pain',
  afib: 'atrial fibrillation',
  'a-fib': 'atrial fibrillation',
  af: 'atrial fibrillation',
  aflutter: 'atrial flutter',
  gerd: 'gastro esophageal reflux disease',
  gastroesophageal: 'gastro esophageal',
  pe: 'pulmonary embolism',
  dvt: 'deep vein thrombosis',
  cva: 'cerebral infarction',
  tia: 'transient ischemic attack',
  osa: 'obstructive sleep apnea',
  bph: 'benign prostatic hyperplasia',
  hld: 'hyperlipidemia',
  ra: 'rheumatoid arthritis',
  oa: 'osteoarthritis',
  ards: 'acute respiratory distress syndrome',
  'n/v': 'nausea vomiting',
  abd: 'abdominal',
  fx: 'fracture',
  hx: '[history]',
  'h/o': '[history]',
  // "status post" is context, not a finding: it only nudges towards status/history codes.
  's/p': '[status] [post]',
  'w/': 'with',
  'w/o': 'without',
  lt: 'left',
  rt: 'right',
  bilat: 'bilateral',
  // Procedures, in the words of ICD-10-PCS titles (root operation, body part, approach)
  appendectomy: 'resection appendix',
  cholecystectomy: 'resection gallbladder',
  hysterectomy: 'resection uterus',
  tonsillectomy: 'resection tonsils',
  mastectomy: 'resection breast',
  nephrectomy: 'resection kidney',
  splenectomy: 'resection spleen',
  colectomy: 'resection large intestine',
  thyroidectomy: 'resection thyroid gland',
  laparoscopic: 'percutaneous endoscopic',
  laparoscopically: 'percutaneous endoscopic',
  laparoscopy: 'percutaneous endoscopic',
  arthroscopic: 'percutaneous endoscopic',
  thoracoscopic: 'percutaneous endoscopic',
  lap: 'percutaneous endoscopic',
  colonoscopy: 'inspection lower intestinal tract via natural artificial opening endoscopic',
  cabg: 'bypass coronary artery',
  xray: 'plain radiography',
  'x-ray': 'plain radiography',
  radiograph: 'plain radiography',
  ct: 'computerized tomography',
  mri: 'magnetic resonance imaging',
}

/** A parsed expansion: required and optional title words. */
export interface Expansion {
  readonly required: readonly string[]
  readonly optional: readonly string[]
}

const parsed = new Map<string, Expansion>(
  Object.entries(ABBREVIATIONS).map(([key, value]) => [key, parseExpansion(value)]),
)

/** The expansion of a lower-case token, or undefined when it is not an abbreviation we know. */
export function expansionOf(token: string): Expansion | undefined {
  return parsed.get(token)
}

// Indexed texts (titles, index terms, synonyms) are expanded only for abbreviations of 3 or more
// characters: 2-letter ones are product names or words there ("Shelter dm matrix", "novoseven rt").
const MIN_INDEXED_LENGTH = 3

/**
 * The words an abbreviation in an indexed text adds to it ("Decompensated COPD" is also indexed
 * under chronic obstructive pulmonary disease), or undefined. Only required words: an indexed
 * text states what it names.
 */
export function indexedExpansionOf(token: string): readonly string[] | undefined {
  if (token.length < MIN_INDEXED_LENGTH) return undefined
  const required = parsed.get(token)?.required
  return required === undefined || required.length === 0 ? undefined : required
}

function parseExpansion(value: string): Expansion {
  const words = value.split(' ').filter((word) => word !== '')
  return {
    required: words.filter((word) => !word.startsWith('[')),
    optional: words.filter((word) => word.startsWith('[')).map((word) => word.slice(1, -1)),
  }
}
