import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fuse, fuseScores } from '../../../src/search/fusion.ts';

const ids = (...xs: string[]) => xs.map((id) => ({ id }));

test('reciprocal-rank fusion rewards agreement between lists', () => {
  const fused = fuse([ids('a', 'b', 'c'), ids('d', 'b', 'e')]);
  assert.deepEqual(fused.map((f) => f.id), ['b', 'a', 'd', 'c', 'e']);
  assert.ok(Math.abs(fused[0]!.score - (1 / 62 + 1 / 62)) < 1e-12);
  assert.ok(Math.abs(fused[1]!.score - 1 / 61) < 1e-12);
});

test('weights let a strong ranker lead, and a weight of 0 ignores a list', () => {
  const lexical = ids('a', 'b', 'c');
  const semantic = ids('x', 'y', 'a');
  assert.deepEqual(fuse([lexical, semantic], [1, 1]).map((f) => f.id).slice(0, 2), ['a', 'x']);
  assert.deepEqual(fuse([lexical, semantic], [3, 1]).map((f) => f.id).slice(0, 3), ['a', 'b', 'c']);
  assert.deepEqual(fuse([lexical, semantic], [1, 0]).map((f) => f.id), ['a', 'b', 'c']);
});

test('ties break by best single rank then id; duplicates inside a list count once; empty input is empty', () => {
  assert.deepEqual(fuse([ids('a', 'b'), ids('b', 'a')]).map((f) => f.id), ['a', 'b']);
  assert.deepEqual(fuse([ids('a', 'a', 'b')]).map((f) => f.id), ['a', 'b']);
  assert.deepEqual(fuse([]), []);
  assert.deepEqual(fuse([[], []]), []);
  assert.throws(() => fuse([ids('a')], [1, 2]), /one weight per list/);
});

const scored = (...xs: [string, number][]) => xs.map(([id, score]) => ({ id, score }));

test('convex score fusion: min-max normalized scores, weighted and summed', () => {
  const lexical = scored(['a', 12], ['b', 7], ['c', 2]); // normalized 1, 0.5, 0
  const semantic = scored(['b', 0.8], ['d', 0.6], ['a', 0.4]); // normalized 1, 0.5, 0
  const fused = fuseScores([lexical, semantic], [0.3, 0.7]);
  assert.deepEqual(fused.map((f) => f.id), ['b', 'd', 'a', 'c']);
  assert.ok(Math.abs(fused[0]!.score - (0.3 * 0.5 + 0.7 * 1)) < 1e-12);
  assert.ok(Math.abs(fused[1]!.score - 0.7 * 0.5) < 1e-12);
  assert.ok(Math.abs(fused[2]!.score - 0.3) < 1e-12);
  assert.equal(fused[3]!.score, 0);
});

test('convex score fusion keeps margins that rank fusion loses', () => {
  // The lexical top paper is far ahead; rank fusion would let the semantic top tie with it.
  const lexical = scored(['a', 30], ['b', 3], ['c', 2.9], ['d', 0]);
  const semantic = scored(['b', 0.61], ['e', 0.605], ['a', 0.6], ['f', 0.1]);
  assert.equal(fuseScores([lexical, semantic], [0.5, 0.5])[0]!.id, 'a');
  assert.equal(fuse([lexical, semantic], [1, 1])[0]!.id, 'b');
});

test('convex score fusion: one-paper or flat lists count fully, weight 0 ignores a list, ties and duplicates', () => {
  assert.deepEqual(fuseScores([scored(['a', 5]), []], [0.3, 0.7]), [{ id: 'a', score: 0.3 }]);
  assert.deepEqual(fuseScores([scored(['a', 1], ['b', 1])], [1]).map((f) => f.id), ['a', 'b']);
  assert.deepEqual(fuseScores([scored(['a', 1], ['b', 0]), scored(['x', 1])], [1, 0]).map((f) => f.id), ['a', 'b']);
  assert.deepEqual(fuseScores([scored(['a', 2], ['a', 1], ['b', 0])], [1]).map((f) => f.id), ['a', 'b']);
  assert.deepEqual(fuseScores([], []), []);
  assert.throws(() => fuseScores([scored(['a', 1])], [1, 2]), /one weight per list/);
});
