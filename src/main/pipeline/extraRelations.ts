// Extra relations: a further fast RE model (posology, temporal…) pairs the note's chunks with its
// own whitelist and filter and adds the relations it finds to the note's (pipeline layer).
import { createPairStep } from './pair'
import type { RelationModel } from './reModel'
import { createRelateStep } from './relate'
import type { Analysis, Step } from './step'

/**
 * The step running `model` on its own candidate pairs: the note's pairs (the main model's) stay
 * as they are, and its relations are appended to the note's. Named `relate:<model name>`.
 */
export function createExtraRelateStep(model: RelationModel): Step {
  const pair = createPairStep(model)
  const relate = createRelateStep(model)
  return {
    meta: {
      name: `relate:${model.info.name}`,
      needs: ['sentences', 'chunks'],
      gives: ['relations'],
    },
    run: async (analysis: Analysis) => {
      const found = await relate.run(await pair.run(analysis))
      return Object.freeze({
        ...analysis,
        relations: Object.freeze([...analysis.relations, ...found.relations]),
      })
    },
  }
}
