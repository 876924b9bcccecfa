import assert from 'node:assert/strict';
import { test } from 'node:test';
import { permuteInBackground, permuteInPlace } from '../../../src/search/semantic/permuteInPlace.ts';
import { memoryMap } from '../../../src/search/memoryMap.ts';

const ways = { 'in C': true, 'in JavaScript': false, 'on a thread of the addon': 'thread' } as const;
for (const [way, native] of Object.entries(ways)) test(`vectors move in place to their new slots; dropped slots vanish, cycles and chains of any length work (${way})`, () => {
  const dim = 3;
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let round = 0; round < 200; round++) {
    const n = 1 + Math.floor(random() * 40);
    const live = Array.from({ length: n }, (_, i) => i).filter(() => random() < 0.8);
    const order = [...live].sort(() => random() - 0.5); // new slot j holds old slot order[j]
    const dest = new Int32Array(n).fill(-1);
    order.forEach((old, j) => (dest[old] = j));
    const data = Int8Array.from({ length: n * dim }, (_, k) => ((Math.floor(k / dim) * 7 + (k % dim)) % 250) - 125);
    const scales = Float32Array.from({ length: n }, (_, i) => i + 0.5);
    const before = data.slice();
    if (native === 'thread') permuteInBackground(data, scales, dest, dim)(); // begun, then waited for
    else permuteInPlace(data, scales, dest, dim, native);
    order.forEach((old, j) => {
      assert.deepEqual([...data.subarray(j * dim, j * dim + dim)], [...before.subarray(old * dim, old * dim + dim)], `round ${round}: slot ${j} holds old ${old}`);
      assert.equal(scales[j], old + 0.5);
    });
  }
});

test('the native renumbering is built here and refuses a destination past the rows before moving anything', () => {
  const kernel = memoryMap() as { permuteRows?: unknown } | undefined;
  assert.equal(typeof kernel?.permuteRows, 'function', 'native/mmap/build/Release/paperwire_mmap.node has permuteRows');
  const data = Int8Array.of(1, 2, 3, 4, 5, 6);
  const scales = Float32Array.of(1, 2, 3);
  assert.throws(() => permuteInPlace(data, scales, Int32Array.of(1, 3, 0), 2), /past the rows/);
  assert.deepEqual([...data], [1, 2, 3, 4, 5, 6], 'nothing moved');
});

test('a renumbering begun on a thread has moved every row once its end is waited for, and refuses a bad destination at once', () => {
  const kernel = memoryMap() as { permuteRowsBegin?: unknown } | undefined;
  assert.equal(typeof kernel?.permuteRowsBegin, 'function', 'the addon has permuteRowsBegin');
  const dim = 256, n = 200_000;
  const data = new Int8Array(n * dim);
  for (let i = 0; i < n; i++) data[i * dim] = i % 127;
  const scales = Float32Array.from({ length: n }, (_, i) => i);
  const dest = Int32Array.from({ length: n }, (_, i) => n - 1 - i); // reversed: 100,000 swaps
  const end = permuteInBackground(data, scales, dest, dim);
  end();
  for (const j of [0, 1, 77_777, n - 1]) {
    assert.equal(scales[j], n - 1 - j, `slot ${j} holds old ${n - 1 - j}`);
    assert.equal(data[j * dim], (n - 1 - j) % 127);
  }
  assert.throws(() => permuteInBackground(Int8Array.of(1, 2, 3, 4), Float32Array.of(1, 2), Int32Array.of(2, 0), 2), /past the rows/);
});
