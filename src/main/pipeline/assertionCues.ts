// The ConText cue lexicon: trigger phrases for each assertion, their direction, terminators and
// pseudo-triggers (pipeline layer; data only, read by assertion.ts).
import type { Assertion } from '../../shared/domain'

/** What a cue does: asserts a value, ends a scope ("but"), or masks a look-alike ("no change"). */
export type CueKind = Exclude<Assertion, 'present'> | 'terminate' | 'pseudo'
/** forward: applies to what follows it; backward: to what precedes it; both: either side. */
export type CueDirection = 'forward' | 'backward' | 'both'

export interface CueRule {
  readonly phrase: string
  readonly kind: CueKind
  readonly direction: CueDirection
  /** When set, the cue applies only to chunks with these labels. */
  readonly onlyFor?: readonly string[]
}

/** Phrases written one list per string, separated by "|", so the lexicon reads as a table. */
const list = (phrases: string): string[] =>
  phrases
    .split('|')
    .map((phrase) => phrase.trim().replace(/\s+/g, ' '))
    .filter((phrase) => phrase.length > 0)

const RELATIVES = list(`mother | father | brother | sister | brothers | sisters | sibling |
  siblings | son | daughter | aunt | uncle | grandmother | grandfather | cousin | parents | mom | dad`)
const FAMILY_VERBS = list(`has | had | have | with | died of | died from | passed away from |
  was diagnosed with | diagnosed with | has a history of | had a history of | with a history of |
  suffers from`)

function rules(
  kind: CueKind,
  direction: CueDirection,
  phrases: readonly string[],
  onlyFor?: readonly string[],
): CueRule[] {
  return phrases.map((phrase) => ({ phrase, kind, direction, ...(onlyFor ? { onlyFor } : {}) }))
}

export const CUE_RULES: readonly CueRule[] = [
  ...rules(
    'absent',
    'forward',
    list(`no | denies | denied | deny | denying | without |
    negative for | not | free of | absence of | no evidence of | no sign of | no signs of | never |
    never had | nor | neither | no known | no prior | no previous | no past | no personal |
    no family history of | no history of | no complaints of | did not have | does not have |
    fails to reveal | free from | resolution of | rules out | not have`),
  ),
  ...rules('absent', 'both', list(`ruled out | has been ruled out | was ruled out | is ruled out`)),
  ...rules('absent', 'backward', list(`is absent | absent | not seen | not present | was denied`)),
  // "CT negative" reports a test that was done; only a finding is negated this way.
  ...rules('absent', 'backward', list(`negative | is negative | was negative`), [
    'Problem',
    'Symptom',
  ]),
  ...rules(
    'possible',
    'forward',
    list(`possible | possibly | probable | probably | likely |
    suspected | suspect | suspicious for | concern for | concerning for | may | may be | might |
    could be | rule out | r/o | questionable | question of | cannot exclude | cannot rule out |
    can not rule out | differential includes | differential diagnosis | consider | considering |
    evaluate for | evaluation for | worrisome for | presumed | presumably`),
  ),
  ...rules(
    'possible',
    'backward',
    list(`is possible | is likely | is suspected | was suspected |
    is probable | cannot be excluded | cannot be ruled out | not ruled out | not excluded |
    is not excluded`),
  ),
  ...rules('possible', 'both', list(`? | versus | vs`)),
  ...rules(
    'hypothetical',
    'forward',
    list(`if | should | return if | call if | come back if |
    in case of | in the event of | as needed for | as needed | prn | prn for | watch for |
    monitor for | return for | seek care if | in case | unless`),
  ),
  ...rules(
    'historical',
    'forward',
    list(`history of | h/o | hx of | hx | past history of |
    past medical history of | medical history of | history significant for | history notable for |
    remote history of | previous | previously | prior | status post | s/p | known history of`),
  ),
  ...rules(
    'historical',
    'backward',
    list(`in the past | as a child | in remission | has resolved`),
  ),
  ...rules('family', 'forward', [
    ...list(`family history of | family history significant for | family history is significant for |
      family history notable for | family hx of | family hx | fh of | fhx of | fhx | family history |
      runs in the family`),
    ...RELATIVES.flatMap((who) => FAMILY_VERBS.map((verb) => `${who} ${verb}`)),
  ]),
  ...rules(
    'terminate',
    'both',
    list(`but | however | although | though | yet | except |
    except for | aside from | apart from | which | who | nevertheless | still | whereas |
    secondary to | due to | presents with | presented with | reports | reported | reporting |
    complains of | complaining of | c/o | states | endorses | endorsed | admits to | positive for |
    has | now has | currently has`),
  ),
  ...rules(
    'pseudo',
    'both',
    list(`history of present illness | prior to | no increase | no change |
    no significant change | no interval change | not only | not necessarily | no further |
    gram negative | without difficulty | not cause | not drain | if needed | no longer`),
  ),
]
