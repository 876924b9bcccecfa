/**
 * The centroid (of `k`, rows of `centroids`) with the largest dot product with the int8 vector at
 * `data[offset…]`: how one new vector finds its cluster (bulk assignment goes through the SIMD kernel).
 */
export function nearest(centroids: Float32Array, k: number, dim: number, data: Int8Array, offset: number): number {
  let best = 0;
  let bestScore = -Infinity;
  for (let c = 0; c < k; c++) {
    let s = 0;
    const o = c * dim;
    for (let d = 0; d < dim; d++) s += centroids[o + d]! * data[offset + d]!;
    if (s > bestScore) (bestScore = s), (best = c);
  }
  return best;
}

/** A small seeded PRNG (mulberry32): the same seed gives the same clusters on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
