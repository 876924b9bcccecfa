/** A stored int8 vector and its scale (`vector[i] * scale` is the float component). */
export interface ScaledVector {
  vector: Int8Array;
  scale: number;
}

/**
 * The index's row for a stored vector when the index scans a Matryoshka prefix (Embedder.scanDim): its first `dim`
 * components, with the scale that makes them unit length, so a dot product with a unit prefix query is a cosine.
 */
export function prefixRow(v: ScaledVector, dim: number): ScaledVector {
  const vector = v.vector.slice(0, dim);
  let sum = 0;
  for (let i = 0; i < dim; i++) sum += vector[i]! * vector[i]!;
  return { vector, scale: sum > 0 ? 1 / Math.sqrt(sum) : 0 };
}

/** A query's first `dim` components scaled to unit length (a copy): what the prefix index is searched with. */
export function prefixQuery(q: Float32Array, dim: number): Float32Array {
  const out = q.slice(0, dim);
  let sum = 0;
  for (let i = 0; i < dim; i++) sum += out[i]! * out[i]!;
  const n = Math.sqrt(sum);
  if (n > 0) for (let i = 0; i < dim; i++) out[i]! /= n;
  return out;
}

/** How many prefix candidates are rescored at full length for `limit` results: twice as many, and at least 50 more. */
export const prefixCandidates = (limit: number) => limit + Math.max(limit, 50);

/** A stored vector as floats (the full query of a paper's own neighbours). */
export function dequantized(v: ScaledVector): Float32Array {
  const out = new Float32Array(v.vector.length);
  for (let i = 0; i < out.length; i++) out[i] = v.vector[i]! * v.scale;
  return out;
}
