/**
 * Spherical k-means over unit vectors (rows of `data`, `dim` wide): the coarse quantizer of the vector index.
 * Deterministic for a seed; a cluster that empties is re-seeded from a random point. Returns unit centroids.
 */
export function sphericalKMeans(data: Float32Array, dim: number, k: number, options: { iterations?: number; seed?: number } = {}): Float32Array {
  const n = data.length / dim;
  k = Math.max(1, Math.min(k, n));
  const random = mulberry32(options.seed ?? 1);
  const centroids = new Float32Array(k * dim);
  const picks = new Set<number>();
  while (picks.size < k) picks.add(Math.floor(random() * n));
  [...picks].forEach((p, c) => centroids.set(data.subarray(p * dim, p * dim + dim), c * dim));
  const assign = new Int32Array(n);
  const sums = new Float64Array(k * dim);
  const counts = new Int32Array(k);
  for (let it = 0; it < (options.iterations ?? 10); it++) {
    for (let i = 0; i < n; i++) assign[i] = nearest(centroids, k, dim, data, i * dim);
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const c = assign[i]!;
      counts[c]++;
      for (let d = 0, o = i * dim, s = c * dim; d < dim; d++) sums[s + d] += data[o + d]!;
    }
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) {
        const p = Math.floor(random() * n);
        centroids.set(data.subarray(p * dim, p * dim + dim), c * dim);
        continue;
      }
      let norm = 0;
      for (let d = 0; d < dim; d++) norm += sums[c * dim + d]! ** 2;
      norm = Math.sqrt(norm) || 1;
      for (let d = 0; d < dim; d++) centroids[c * dim + d] = sums[c * dim + d]! / norm;
    }
  }
  return centroids;
}

/** The centroid (of `k`, rows of `centroids`) with the largest dot product with the vector at `data[offset…]`. */
export function nearest(centroids: Float32Array, k: number, dim: number, data: ArrayLike<number>, offset: number): number {
  let best = 0;
  let bestScore = -Infinity;
  for (let c = 0; c < k; c++) {
    let s = 0;
    const o = c * dim;
    for (let d = 0; d < dim; d++) s += centroids[o + d]! * data[offset + d]!;
    if (s > bestScore) {
      bestScore = s;
      best = c;
    }
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
