import assert from 'node:assert/strict';
import { test } from 'node:test';
import { editDistance } from '../../../src/search/spelling/editDistance.ts';

/** The full table, every cell, no early exit: what the banded distance must agree with up to `max + 1`. */
function fullDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

test('edit distance: the known cases', () => {
  assert.equal(editDistance('difusion', 'diffusion', 2), 1);
  assert.equal(editDistance('modl', 'model', 1), 1);
  assert.equal(editDistance('teh', 'the', 1), 1); // a swap of neighbours is one edit
  assert.equal(editDistance('newer', 'fewer', 2), 1);
  assert.equal(editDistance('abc', 'abc', 0), 0);
  assert.equal(editDistance('quantizaton', 'quantiz', 2), 3); // too far: max + 1
  assert.equal(editDistance('', 'ab', 2), 2);
  assert.equal(editDistance('', 'abcd', 2), 3);
});

test('edit distance: the banded table agrees with the full one on random words, long words after short ones', () => {
  // a seeded generator over a small alphabet, so that close words (and swaps) are common
  let seed = 42;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) % n);
  const word = (len: number) => Array.from({ length: len }, () => 'abcde'[rand(5)]).join('');
  let close = 0;
  for (let k = 0; k < 20_000; k++) {
    const a = word(rand(k % 100 === 0 ? 90 : 12));
    let b = a;
    // a few edits of a, or another word
    if (rand(4) === 0) b = word(rand(12));
    else for (let e = rand(4); e > 0; e--) {
      const at = rand(b.length + 1);
      const op = rand(4);
      b = op === 0 ? b.slice(0, at) + b.slice(at + 1) : op === 1 ? b.slice(0, at) + 'abcde'[rand(5)] + b.slice(at) : op === 2 ? b.slice(0, at) + 'abcde'[rand(5)] + b.slice(at + 1) : b.slice(0, at) + (b[at + 1] ?? '') + (b[at] ?? '') + b.slice(at + 2);
    }
    for (const max of [0, 1, 2, 3]) {
      const want = Math.min(fullDistance(a, b), max + 1);
      assert.equal(editDistance(a, b, max), want, `${a} ${b} max ${max}`);
      if (want <= max) close++;
    }
  }
  assert.ok(close > 4_000, `most pairs are within reach (${close})`);
});
