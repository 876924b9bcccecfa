import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IdTable } from '../../src/search/idTable.ts';
import { RowidTable } from '../../src/search/lexical/rowidTable.ts';
import { IdList } from '../../src/search/idList.ts';

/** A deterministic stream of numbers in [0, 1). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

test('IdTable answers as a Map does through 50,000 random sets, replacements and deletes, across growth', () => {
  const ids: (string | undefined)[] = [];
  const table = new IdTable((v) => ids[v]);
  const ref = new Map<string, number>();
  const rnd = random(7);
  for (let step = 0; step < 50_000; step++) {
    const id = `${2400 + Math.floor(rnd() * 12)}.${String(Math.floor(rnd() * 20_000)).padStart(5, '0')}`;
    const r = rnd();
    if (r < 0.6) {
      const v = ids.length;
      ids.push(id); // the caller's array answers the id before the table is told
      table.set(id, v);
      ref.set(id, v);
    } else if (r < 0.85) {
      assert.equal(table.delete(id), ref.delete(id));
    } else {
      assert.equal(table.get(id), ref.get(id));
      assert.equal(table.has(id), ref.has(id));
    }
  }
  assert.equal(table.size, ref.size);
  for (const [id, v] of ref) assert.equal(table.get(id), v);
  assert.equal(table.get('not-an-id'), undefined);
  table.reset(10);
  assert.equal(table.size, 0);
  assert.equal(table.get([...ref.keys()][0]!), undefined);
});

test('RowidTable keeps dense rowids in its array and far ones (negative, beyond 2^26) apart, deletes included', () => {
  const t = new RowidTable();
  t.set(1, 0);
  t.set(5000, 7);
  t.set(2 ** 40, 3);
  t.set(-2, 4);
  assert.deepEqual([t.get(1), t.get(5000), t.get(2 ** 40), t.get(-2), t.get(2), t.get(10 ** 9)], [0, 7, 3, 4, undefined, undefined]);
  t.delete(5000);
  t.delete(2 ** 40);
  assert.deepEqual([t.get(5000), t.get(2 ** 40), t.get(1)], [undefined, undefined, 0]);
  t.reserve(100_000);
  assert.equal(t.get(1), 0); // reserving keeps what is there
});

test('IdList gives back every id set, UTF-8 included, across growth; cleared and unset numbers answer undefined', () => {
  const list = new IdList();
  const ids = Array.from({ length: 5000 }, (_, i) => (i % 97 === 0 ? `pw-ü${i}-论文` : `25${String(i % 12).padStart(2, '0')}.${String(i).padStart(5, '0')}`));
  ids.forEach((id, i) => list.set(i, id));
  assert.equal(list.length, 5000);
  assert.ok(ids.every((id, i) => list.at(i) === id && list.has(i)));
  list.set(3, 'replaced');
  list.clear(4);
  assert.deepEqual([list.at(3), list.at(4), list.has(4), list.at(5000), list.at(2)], ['replaced', undefined, false, undefined, ids[2]]);
  list.set(9000, 'far');
  assert.deepEqual([list.length, list.at(9000), list.at(8999)], [9001, 'far', undefined]);
});

test('IdList.equals and toArray agree with at(), for ASCII ids and after a non-ASCII one', () => {
  const list = new IdList();
  ['2501.00001', '2501.00002', 'pw-abc'].forEach((id, i) => list.set(i, id));
  list.clear(1);
  assert.deepEqual(list.toArray(4), ['2501.00001', undefined, 'pw-abc', undefined]);
  assert.deepEqual([list.equals(0, '2501.00001'), list.equals(0, '2501.0000'), list.equals(1, '2501.00002'), list.equals(2, 'pw-abd')], [true, false, false, false]);
  list.set(3, 'pw-ü');
  assert.deepEqual(list.toArray(), ['2501.00001', undefined, 'pw-abc', 'pw-ü']);
  assert.deepEqual([list.equals(3, 'pw-ü'), list.equals(0, '2501.00001'), list.equals(3, 'pw-u')], [true, true, false]);
  const ids: string[] = [];
  const table = new IdTable((v) => list.at(v), (v, id) => list.equals(v, id));
  for (let i = 0; i < 3000; i++) {
    ids.push(`x${i}`);
    list.set(10 + i, ids[i]!);
    table.set(ids[i]!, 10 + i);
  }
  assert.ok(ids.every((id, i) => table.get(id) === 10 + i));
});

for (const native of [true, false]) {
  test(`compaction renumbers without strings: IdList.permuted moves each id to its new number, IdTable.remap follows it and drops ids sent nowhere (${native ? 'C' : 'JavaScript'})`, () => {
    const ids = new IdList();
    const all = Array.from({ length: 5_000 }, (_, i) => (i % 97 === 0 ? `ü${i}` : `2501.${String(i).padStart(5, '0')}`));
    all.forEach((id, i) => ids.set(i, id));
    for (let i = 0; i < all.length; i += 13) ids.clear(i);
    let current = ids;
    const table = new IdTable((v) => current.at(v), (v, id) => current.equals(v, id));
    all.forEach((id, i) => ids.has(i) && table.set(id, i));
    // a shuffled renumbering that drops every 7th number
    const rnd = random(3);
    const kept = all.map((_, i) => i).filter((i) => i % 7 !== 0 && ids.has(i)).sort(() => rnd() - 0.5);
    const dest = new Int32Array(all.length).fill(-1);
    kept.forEach((old, j) => (dest[old] = j));
    const moved = ids.permuted(dest, kept.length, native);
    current = moved;
    table.remap(dest);
    assert.equal(moved.length, kept.length);
    kept.forEach((old, j) => {
      assert.equal(moved.at(j), all[old], `number ${j} holds the id of ${old}`);
      assert.equal(table.get(all[old]!), j, `the table finds ${all[old]} at ${j}`);
    });
    assert.equal(table.size, kept.length, 'the ids sent nowhere left the table');
    assert.equal(table.get(all[7]!), undefined);
    assert.ok(moved.equals(kept.indexOf(97), 'ü97'), 'non-ASCII ids compare as before');
    // the list grows on as before: a new id after the renumbered ones
    moved.set(kept.length, 'after');
    assert.equal(moved.at(kept.length), 'after');
    assert.equal(moved.at(kept.length - 1), all[kept.at(-1)!]);
  });
}

test('the native renumbering of ids refuses a destination past the new list before writing anything', () => {
  const ids = new IdList();
  ids.set(0, '2501.00001');
  ids.set(1, '2501.00002');
  assert.throws(() => ids.permuted(Int32Array.of(1, 2), 2), /past the arrays/);
  assert.equal(ids.permuted(Int32Array.of(1, 0), 2).at(0), '2501.00002');
});
