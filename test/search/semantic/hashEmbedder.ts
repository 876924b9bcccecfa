import { normalize, type Embedder } from '../../../src/search/semantic/embedder.ts';

/**
 * A small deterministic embedder for tests: a hashed bag of lower-cased words (light plural folding), so texts
 * sharing words are near and unrelated texts are far. `calls` counts embedded texts.
 */
export function hashEmbedder(dim = 64, id = `test-hash-${dim}`): Embedder & { calls: number; embedSync(text: string): Float32Array } {
  const e = {
    id,
    dim,
    calls: 0,
    async embed(texts: string[]) {
      e.calls += texts.length;
      return texts.map((t) => e.embedSync(t));
    },
    embedSync(text: string) {
      const v = new Float32Array(dim);
      for (const raw of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
        const w = raw.length > 3 ? raw.replace(/s$/, '') : raw;
        let h = 2166136261;
        for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), 16777619);
        v[(h >>> 0) % dim] += (h & 0x100) ? 1 : -1;
      }
      return normalize(v);
    },
  };
  return e;
}
