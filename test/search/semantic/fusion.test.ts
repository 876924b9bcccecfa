import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fuse } from '../../../src/search/fusion.ts';

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
