// The ADE corpus v2 .rel reader shared by `eval ner --corpus ade` and `eval re --corpus ade`; the
// same policy is tested on training/re/convert.py ade_rows in training/re/test_convert.py.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  groupBySentence,
  parseAdeRelations,
  readAdeRelations,
} from '../../../../src/main/evaluation/adeRelations'
import { CoderError } from '../../../../src/shared/errors'

// PMID|sentence|effect or dose|begin|end|drug|begin|end; the offsets point into the absent abstract.
const LINES = [
  '1|Aspirin caused bleeding.|bleeding|30|38|Aspirin|15|22',
  '2|Heparin 5000 units.|5000 units|20|30|Heparin|12|19',
  '1|Aspirin caused bleeding.|bleeding|30|38|aspirin|60|67',
  '1|Rash after penicillin.|Rash|80|84|penicillin|91|101',
]
const FILE = `${LINES.join('\n')}\n`

describe('parseAdeRelations', () => {
  it('reads each line as PMID, sentence, other mention (column 3) and drug (column 6)', () => {
    expect(parseAdeRelations(FILE, 'DRUG-AE.rel')).toEqual([
      { pmid: '1', sentence: 'Aspirin caused bleeding.', other: 'bleeding', drug: 'Aspirin' },
      { pmid: '2', sentence: 'Heparin 5000 units.', other: '5000 units', drug: 'Heparin' },
      { pmid: '1', sentence: 'Aspirin caused bleeding.', other: 'bleeding', drug: 'aspirin' },
      { pmid: '1', sentence: 'Rash after penicillin.', other: 'Rash', drug: 'penicillin' },
    ])
  })

  it('reads CRLF and CR line ends as Python’s universal newlines do, and skips empty lines', () => {
    const parsed = parseAdeRelations(FILE, 'x')
    expect(parseAdeRelations(FILE.replaceAll('\n', '\r\n'), 'x')).toEqual(parsed)
    expect(parseAdeRelations(FILE.replaceAll('\n', '\r'), 'x')).toEqual(parsed)
    expect(parseAdeRelations(LINES.join('\n\n'), 'x')).toEqual(parsed)
    expect(parseAdeRelations('', 'x')).toEqual([])
  })

  it('refuses a line without exactly 8 fields, naming the file and its 1-based line', () => {
    const refuse = (content: string) => () => parseAdeRelations(content, '/data/DRUG-DOSE.rel')
    // Too few fields (a cut line), after an empty line that still counts.
    const short = refuse(`${LINES[0]}\n\n1|cut here\n${LINES[1]}`)
    expect(short).toThrow(CoderError)
    expect(short).toThrow(expect.objectContaining({ code: 'E_DATASET_MALFORMED' }))
    expect(short).toThrow(
      /\/data\/DRUG-DOSE\.rel is malformed at line 3: expected 8 fields .* found 2\. Use the file as released/,
    )
    // Too many: a "|" inside the sentence would shift the drug column.
    expect(refuse(`${LINES[0]}\r\n1|a|b sentence|x|0|1|d|0|1`)).toThrow(/at line 2: .* found 9/)
    // A line of spaces is not empty.
    expect(refuse(`${LINES[0]}\n \n`)).toThrow(/at line 2: .* found 1/)
  })
})

describe('readAdeRelations', () => {
  it('reads a file and names its path in a refusal', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ade-relations-'))
    const path = join(dir, 'DRUG-AE.rel')
    writeFileSync(path, FILE)
    expect(readAdeRelations(path)).toHaveLength(4)
    writeFileSync(path, `${FILE}1|too few\n`)
    expect(() => readAdeRelations(path)).toThrow(`${path} is malformed at line 5`)
  })
})

describe('groupBySentence', () => {
  it('groups by (PMID, sentence) in order of first appearance, relations in file order', () => {
    const groups = groupBySentence(parseAdeRelations(FILE, 'x'))
    expect(groups.map((g) => [g.pmid, g.sentence, g.relations.map((r) => r.drug)])).toEqual([
      ['1', 'Aspirin caused bleeding.', ['Aspirin', 'aspirin']],
      ['2', 'Heparin 5000 units.', ['Heparin']],
      ['1', 'Rash after penicillin.', ['penicillin']],
    ])
    // The same sentence under another PMID is another group.
    const elsewhere = { pmid: '3', sentence: 'Aspirin caused bleeding.', other: 'x', drug: 'y' }
    const twice = groupBySentence([...parseAdeRelations(FILE, 'x'), elsewhere])
    expect(twice.map((g) => g.pmid)).toEqual(['1', '2', '1', '3'])
  })
})
