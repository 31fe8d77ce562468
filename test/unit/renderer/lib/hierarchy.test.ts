// A search hit's hierarchy, root first, and the reason it matched when not its own title.
import { describe, expect, it } from 'vitest'
import { hierarchyPath, matchReason } from '../../../../src/renderer/src/lib/hierarchy'

describe('hierarchyPath', () => {
  it('runs from the root category down to the code', () => {
    expect(hierarchyPath({ code: 'M25.562', parents: ['M25.56', 'M25.5', 'M25'] })).toEqual([
      'M25',
      'M25.5',
      'M25.56',
      'M25.562',
    ])
    expect(hierarchyPath({ code: 'M25', parents: [] })).toEqual(['M25'])
  })
})

describe('matchReason', () => {
  it('names the first index term or synonym, not the title', () => {
    const description = 'Pain in left knee'
    expect(
      matchReason({
        description,
        via: [
          { kind: 'description', text: 'Pain in left knee' },
          { kind: 'index', text: 'Pain > joint > knee' },
        ],
      }),
    ).toBe('index: Pain > joint > knee')
    expect(
      matchReason({ description, via: [{ kind: 'description', text: description }] }),
    ).toBeNull()
    // A match of another kind on the very title says nothing the title does not.
    expect(matchReason({ description, via: [{ kind: 'synonym', text: description }] })).toBeNull()
    expect(matchReason({ description })).toBeNull()
  })
})
