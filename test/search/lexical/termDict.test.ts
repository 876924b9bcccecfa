import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TermDict } from '../../../src/search/lexical/termDict.ts';

const words = (n: number) => Array.from({ length: n }, (_, i) => (i % 7 === 0 ? `schrödinger${i}` : i % 11 === 0 ? `t:näive${i}` : `term${i}`));

test('terms get dense ids in the order met, ASCII and not, through growth of every array', () => {
  const d = new TermDict();
  const list = words(5000);
  list.forEach((w, i) => assert.equal(d.idOf(w), i));
  list.forEach((w, i) => assert.equal(d.idOf(w), i, 'asking again adds nothing'));
  assert.equal(d.size, 5000);
  assert.equal(d.get('term1'), 1);
  assert.equal(d.get('schrödinger7'), 7);
  assert.equal(d.get('schrödinger8'), undefined);
  assert.equal(d.has('term'), false);
  assert.equal(d.term(11), 't:näive11');
  assert.deepEqual(d.termsFrom(4998), [list[4998], list[4999]]);
  const seen: string[] = [];
  d.forEach((t, id) => (seen[id] = t));
  assert.deepEqual(seen, list);
});

test('a dictionary rebuilt from its parts answers the same and keeps growing from them', () => {
  const d = new TermDict();
  const list = words(3000);
  for (const w of list) d.idOf(w);
  const copy = TermDict.fromParts(d.toParts());
  list.forEach((w, i) => assert.equal(copy.get(w), i));
  assert.equal(copy.idOf('brandnew'), 3000);
  assert.equal(copy.idOf('νέος'), 3001);
  for (let i = 0; i < 5000; i++) copy.idOf(`more${i}`);
  list.forEach((w, i) => assert.equal(copy.get(w), i, 'old terms survive the rehash'));
  assert.equal(copy.get('νέος'), 3001);
  assert.equal(d.get('brandnew'), undefined, 'the original is untouched');
  assert.throws(() => TermDict.fromParts({ ...d.toParts(), table: new Int32Array(1000) }), 'a table that is not a power of two is refused');
});
