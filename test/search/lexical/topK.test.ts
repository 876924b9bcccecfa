import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sortedIntersect, sortedUnion } from '../../../src/search/lexical/topK.ts';

/** `n` distinct numbers below `max`, spread by a stride coprime with it, ascending. */
const sortedSample = (n: number, max: number, seed: number) => {
  const out = new Set<number>();
  for (let i = 0; out.size < n && i < max; i++) out.add((i * 7919 + seed * 104_729) % max);
  return Uint32Array.from(out).sort();
};

test('sorted intersection and union agree with sets, for lists of similar and of very different lengths', () => {
  for (const [na, nb] of [[50, 60], [10, 5_000], [3_000, 20], [0, 100], [1, 1]] as const) {
    const a = sortedSample(na, 20_000, na + 1);
    const b = sortedSample(nb, 20_000, nb + 7);
    const inB = new Set(b);
    assert.deepEqual([...sortedIntersect(a, b)], [...a].filter((x) => inB.has(x)), `${na} × ${nb}`);
    assert.deepEqual([...sortedUnion(a, b)], [...new Set([...a, ...b])].sort((x, y) => x - y), `${na} ∪ ${nb}`);
  }
});
