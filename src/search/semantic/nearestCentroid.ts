/** `c·mean` for each of the `k` centroids: the bias that centring adds to a cluster's score. */
export function centroidBias(centroids: Float32Array, k: number, dim: number, mean: Float32Array): Float64Array {
  const bias = new Float64Array(k);
  for (let c = 0; c < k; c++) for (let d = 0; d < dim; d++) bias[c] += centroids[c * dim + d]! * mean[d]!;
  return bias;
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
