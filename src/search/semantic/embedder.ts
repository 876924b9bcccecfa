/**
 * Anything that turns texts into vectors: the bundled static model, an OpenAI-compatible endpoint, or a test
 * embedder. `id` names the model and its version; vectors of different ids are never mixed in one index.
 * Vectors come back L2-normalized, so that a dot product is a cosine.
 */
export interface Embedder {
  id: string;
  /** Vector length; 0 until known (a remote endpoint tells it with its first answer). */
  dim: number;
  /**
   * A Matryoshka prefix of its vectors that ranks nearly as well as the whole (the bundled model: 256 of 384): the
   * in-memory index then holds and scans only that, and a search rescores its best candidates at full length from
   * the stored vectors (src/search/semantic/scanPrefix.ts). Undefined: the index holds whole vectors.
   */
  scanDim?: number;
  embed(texts: string[]): Promise<Float32Array[]>;
  /** A synchronous fast path for one query, where the model runs in-process. */
  embedSync?(text: string): Float32Array;
}

/** The text of a paper that gets embedded: its title, then its abstract. */
export function paperText(p: { title: string; abstract?: string | null }): string {
  return p.abstract ? `${p.title}. ${p.abstract}` : p.title;
}

/** Scales a vector to unit length in place (a zero vector stays zero) and returns it. */
export function normalize(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  const n = Math.sqrt(s);
  if (n > 0) for (let i = 0; i < v.length; i++) v[i] /= n;
  return v;
}

/** Symmetric int8 quantization of one vector: `q[i] * scale ≈ v[i]`, with the largest component at ±127. */
export function quantize(v: Float32Array): { vector: Int8Array; scale: number } {
  let max = 0;
  for (let i = 0; i < v.length; i++) max = Math.max(max, Math.abs(v[i]!));
  const scale = max > 0 ? max / 127 : 1;
  const q = new Int8Array(v.length);
  for (let i = 0; i < v.length; i++) q[i] = Math.round(v[i]! / scale);
  return { vector: q, scale };
}
