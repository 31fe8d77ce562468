// Cells of the vector index: a two-level spherical k-means over a system's code embeddings (terminology layer).
// sqlite-vec scans every row of a table, ~0.2 ms per 1,000 rows; each row is stored under its
// cell (a vec0 partition key), so a query scans the few cells nearest to it (an inverted file).
import { seededRandom } from '../../shared/seededRandom'

/** Centroids (unit length) of a system's cells; cell i is centroids[i]. */
export interface VectorCells {
  readonly dim: number
  readonly centroids: readonly Float32Array[]
}

// About this many rows per cell: a probe of 3 cells scans ~1,500 rows, ~0.3 ms.
const ROWS_PER_CELL = 500
const MAX_SAMPLE = 8192
const ITERATIONS = 10

/**
 * Trains the cells of `vectors` (unit length): `coarse` k-means centroids, then within each coarse
 * cell `fine` ones, about ROWS_PER_CELL rows a cell. Deterministic for the same vectors and seed.
 */
export function trainCells(
  vectors: readonly Float32Array[],
  dim: number,
  seed = 1,
): VectorCells & { assign(vector: Float32Array): number } {
  const cells = Math.max(1, Math.round(vectors.length / ROWS_PER_CELL))
  const coarse = Math.max(1, Math.round(Math.sqrt(cells)))
  const fine = Math.max(1, Math.round(cells / coarse))
  const random = seededRandom(seed)
  const sample = sampleOf(vectors, MAX_SAMPLE, random)
  const top = kMeans(sample, coarse, dim, random)
  const groups = top.map(() => [] as Float32Array[])
  for (const vector of sample) groups[nearest(top, vector)]?.push(vector)
  const perGroup = groups.map((group, index) =>
    group.length === 0 ? [top[index] as Float32Array] : kMeans(group, fine, dim, random),
  )
  const firsts: number[] = []
  perGroup.reduce((first, group) => (firsts.push(first), first + group.length), 0)
  return {
    dim,
    centroids: perGroup.flat(),
    // Two levels: the nearest coarse centroid, then the nearest of its fine ones; ~2·√cells dot
    // products a row instead of one per cell.
    assign(vector) {
      const group = nearest(top, vector)
      return (firsts[group] ?? 0) + nearest(perGroup[group] ?? [], vector)
    },
  }
}

/** The `count` cells nearest to a query vector, nearest first; of equal similarities, the lower cell first. */
export function nearestCells(cells: VectorCells, vector: Float32Array, count: number): number[] {
  // A running top `count` instead of sorting every cell: every vector query asks this.
  const best: number[] = []
  const similarities: number[] = []
  cells.centroids.forEach((centroid, cell) => {
    const similarity = dot(centroid, vector)
    if (best.length === count && !(similarity > (similarities[count - 1] as number))) return
    let at = best.length < count ? best.length : count - 1
    while (at > 0 && similarity > (similarities[at - 1] as number)) {
      best[at] = best[at - 1] as number
      similarities[at] = similarities[at - 1] as number
      at--
    }
    best[at] = cell
    similarities[at] = similarity
  })
  return best
}

/** The dot product (the cosine similarity of unit vectors). */
export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0
  for (let index = 0; index < a.length; index++) sum += (a[index] as number) * (b[index] as number)
  return sum
}

function nearest(centroids: readonly Float32Array[], vector: Float32Array): number {
  let best = 0
  let bestSimilarity = -Infinity
  for (let index = 0; index < centroids.length; index++) {
    const similarity = dot(centroids[index] as Float32Array, vector)
    if (similarity > bestSimilarity) {
      bestSimilarity = similarity
      best = index
    }
  }
  return best
}

// Spherical k-means (Lloyd's, cosine): centroids start at distinct sample points.
function kMeans(
  points: readonly Float32Array[],
  k: number,
  dim: number,
  random: () => number,
): Float32Array[] {
  if (points.length <= k) return points.map((point) => Float32Array.from(point))
  let centroids: Float32Array[] = sampleOf(points, k, random).map((point) =>
    Float32Array.from(point),
  )
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    const sums = centroids.map(() => new Float32Array(dim))
    const counts = new Int32Array(k)
    for (const point of points) {
      const cell = nearest(centroids, point)
      counts[cell] = (counts[cell] ?? 0) + 1
      const sum = sums[cell] as Float32Array
      for (let index = 0; index < dim; index++) {
        sum[index] = (sum[index] as number) + (point[index] as number)
      }
    }
    centroids = sums.map((sum, cell) =>
      (counts[cell] ?? 0) === 0 ? (centroids[cell] as Float32Array) : normalized(sum),
    )
  }
  return centroids
}

function normalized(vector: Float32Array): Float32Array {
  const norm = Math.sqrt(dot(vector, vector))
  return norm === 0 ? vector : vector.map((value) => value / norm)
}

// A fixed-size sample without repeats (partial Fisher–Yates), the same for the same seed.
function sampleOf<T>(items: readonly T[], size: number, random: () => number): T[] {
  if (items.length <= size) return [...items]
  const copy = [...items]
  for (let index = 0; index < size; index++) {
    const other = index + Math.floor(random() * (copy.length - index))
    ;[copy[index], copy[other]] = [copy[other] as T, copy[index] as T]
  }
  return copy.slice(0, size)
}
