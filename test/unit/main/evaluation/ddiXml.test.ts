// DDI 2013 XML reader: sentences, entities with inclusive ends made exclusive, character references.
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { listXmlFiles, parseDdiXml, readDdiFile } from '../../../../src/main/evaluation/ddiXml'
import { CoderError } from '../../../../src/shared/errors'

const DIR = fileURLToPath(new URL('../../../fixtures/eval/ddi2013/DDICorpus', import.meta.url))

describe('parseDdiXml', () => {
  it('reads sentences and entities, decoding &quot; and &#xd;&#xa; into the text', () => {
    const document = readDdiFile(`${DIR}/Train/DrugBank/Tiny_ddi.xml`)
    expect(document.id).toBe('DDI-DrugBank.d1')
    expect(document.sentences).toHaveLength(3)
    const [first, , third] = document.sentences
    expect(first!.text.endsWith('anticoagulants.\r\n')).toBe(true)
    expect(first!.entities.map((e) => [first!.text.slice(e.start, e.end), e.type])).toEqual([
      ['Aspirin', 'drug'],
      ['warfarin', 'drug'],
      ['anticoagulants', 'group'],
    ])
    // A discontinuous entity keeps its first fragment.
    expect(third!.entities.map((e) => third!.text.slice(e.start, e.end))).toEqual([
      'Metformin',
      'beta',
    ])
  })

  it('reads a sentence without entities', () => {
    const document = parseDdiXml('<document id="d"><sentence id="s" text="No drugs."/></document>')
    expect(document.sentences).toEqual([{ id: 's', text: 'No drugs.', entities: [] }])
  })

  it('refuses broken XML and malformed offsets', () => {
    expect(() => parseDdiXml('<document id="d"><sentence', 'a.xml')).toThrow(CoderError)
    const badOffset =
      '<document id="d"><sentence id="s" text="x"><entity charOffset="a-b" type="drug"/></sentence></document>'
    expect(() => parseDdiXml(badOffset, 'b.xml')).toThrow(/b\.xml.*charOffset/)
  })

  it('lists XML files recursively, in path order', () => {
    expect(listXmlFiles(DIR).map((p) => p.slice(DIR.length))).toEqual([
      '/Test/Test for DrugNER task/MedLine/123.xml',
      '/Train/DrugBank/Tiny_ddi.xml',
    ])
  })
})
