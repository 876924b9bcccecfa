import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WordMemo } from '../../../src/search/lexical/wordMemo.ts';

test('a word is found by its characters wherever they lie in a text, and only by exactly them', () => {
  const memo = new WordMemo(100);
  const text = 'graph neural graphs graph é𝔸';
  memo.set(text, 0, 5, 7); // "graph"
  assert.equal(memo.get(text, 13, 18), 7, 'the same word later in the text');
  assert.equal(memo.get('a graph', 2, 7), 7, 'and in another text');
  assert.equal(memo.get(text, 13, 19), undefined, '"graphs" is another word');
  assert.equal(memo.get(text, 0, 4), undefined, '"grap" too');
  memo.set(text, 26, 29, -1); // "é𝔸", a surrogate pair included
  assert.equal(memo.get('é𝔸', 0, 3), -1);
  memo.set(text, 0, 5, 9);
  assert.equal(memo.get(text, 20, 25), 9, 'set again: replaced');
  assert.equal(memo.size, 2);
});

test('many words (colliding slots included) all come back; when full it forgets everything and goes on', () => {
  const memo = new WordMemo(5000);
  const words = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}x`);
  words.forEach((w, i) => memo.set(w, 0, w.length, i));
  assert.ok(words.every((w, i) => memo.get(`..${w}..`, 2, 2 + w.length) === i));
  memo.set('fresh', 0, 5, 1);
  assert.equal(memo.size, 1, 'full: cleared before the new word');
  assert.equal(memo.get('w0x', 0, 3), undefined);
  assert.equal(memo.get('fresh', 0, 5), 1);
  const none = new WordMemo(0);
  none.set('a', 0, 1, 1);
  assert.equal(none.get('a', 0, 1), undefined, 'capacity 0 remembers nothing');
});
