// The vector index's cells (two-level spherical k-means) and the word-vectors file reader (issue 4).
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { nearestCells, trainCells } from '../../../../src/main/terminology/vectorCells'
import {
  embedWords,
  parseWordVectors,
  toInt8,
  unitLength,
} from '../../../../src/main/terminology/wordVectors'

// Points scattered around 3 well-apart directions of a 3-d space.
function clustered(count: number): Float32Array[] {
  const axes = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ]
  return Array.from({ length: count }, (_, index) => {
    const axis = axes[index % 3] ?? [1, 0, 0]
    const jitter = ((index * 7919) % 100) / 1000
    return unitLength(Float32Array.from(axis, (value) => value + jitter))
  })
}

describe('trainCells', () => {
  it('puts near vectors in one cell and far ones in others, the same on every run', () => {
    const points = clustered(3000)
    const cells = trainCells(points, 3)
    expect(cells.centroids.length).toBeGreaterThanOrEqual(3)
    const cellOf = (index: number) => cells.assign(points[index] as Float32Array)
    expect(cellOf(0)).not.toBe(cellOf(1))
    const again = trainCells(points, 3)
    expect(points.map((point) => again.assign(point))).toEqual(
      points.map((point) => cells.assign(point)),
    )
    // A query lands first in the cell its own kind was assigned to.
    const [nearest] = nearestCells(cells, points[0] as Float32Array, 1)
    expect(nearest).toBe(cellOf(0))
  })

  it('lists the nearest cells first, and of equal similarities the lower cell first', () => {
    const cells = {
      dim: 2,
      centroids: [
        [0, 1],
        [1, 0],
        [0.6, 0.8],
        [1, 0],
        [0.8, 0.6],
      ].map((c) => Float32Array.from(c)),
    }
    const query = Float32Array.from([1, 0])
    expect(nearestCells(cells, query, 3)).toEqual([1, 3, 4])
    expect(nearestCells(cells, query, 10)).toEqual([1, 3, 4, 2, 0])
    expect(nearestCells(cells, query, 0)).toEqual([])
  })

  it('has one cell for a handful of vectors', () => {
    expect(trainCells(clustered(5), 3).centroids.length).toBe(1)
  })
})

describe('word vectors', () => {
  const file = (words: string[], header: object, matrix: number[]): Buffer => {
    const json = Buffer.from(JSON.stringify(header))
    const length = Buffer.alloc(4)
    length.writeUInt32LE(json.length)
    const body = Buffer.concat([
      length,
      json,
      Buffer.from(`${words.join('\n')}\n`),
      Buffer.from(Int8Array.from(matrix).buffer),
    ])
    return gzipSync(body)
  }
  const header = {
    format: 1,
    dim: 2,
    words: 2,
    scale: 127,
    model: 'm',
    modelSha256: 'x',
    madeBy: 'test',
  }

  it('reads words and int8 vectors, and embeds by weighted mean', () => {
    const vectors = parseWordVectors('v.bin.gz', file(['knee', 'pain'], header, [127, 0, 0, 127]))
    expect([...(vectors.vectorOf('pain') ?? [])]).toEqual([0, 127])
    expect(vectors.vectorOf('elbow')).toBeUndefined()
    const embedded = embedWords(vectors, ['knee', 'pain', 'elbow'], (word) =>
      word === 'knee' ? 3 : 1,
    )
    expect(embedded?.[0]).toBeCloseTo(3 / Math.hypot(3, 1))
    expect([...toInt8(embedded as Float32Array)]).toEqual([120, 40])
    expect(embedWords(vectors, ['elbow'], () => 1)).toBeNull()
  })

  it("refuses a file whose word count is not its header's, naming it", () => {
    expect(() =>
      parseWordVectors('bad.bin.gz', file(['knee'], { ...header, words: 2 }, [127, 0, 0, 127])),
    ).toThrow(/bad\.bin\.gz/)
  })
})
