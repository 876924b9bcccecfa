import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalize } from '../../../src/search/semantic/embedder.ts';
import { nativeDots } from '../../../src/search/semantic/nativeDots.ts';
import { mulberry32 } from '../../../src/search/semantic/nearestCentroid.ts';
import { slotRuns } from '../../../src/search/semantic/slotRuns.ts';
import { VectorIndex } from '../../../src/search/semantic/vectorIndex.ts';

const random = mulberry32(11);
const unit = (dim: number) => normalize(Float32Array.from({ length: dim }, () => random() - 0.5));
const near = (v: Float32Array, noise: number) => normalize(v.map((x) => x + (random() - 0.5) * noise));

/** The WebAssembly kernel's index and one per native path of this CPU, fed the same vectors. */
function indexes(dim: number): { wasm: VectorIndex; native: VectorIndex[] } {
  const paths = nativeDots()!.dotsPaths();
  return { wasm: new VectorIndex(dim, { native: false }), native: paths.map((p) => new VectorIndex(dim, { native: p })) };
}

function assertSame(wasm: VectorIndex, native: VectorIndex[], queries: Float32Array[], what: string): void {
  for (const k of [1, 10, 100]) {
    for (const q of queries) {
      const expected = wasm.search(q, k);
      assert.ok(expected.length > 0);
      for (const idx of native) assert.deepEqual(idx.search(q, k), expected, `${what}: ${idx.nativeScan} gives the WebAssembly kernel's hits and scores (k ${k})`);
    }
  }
}

test('the native scan is built here, and picks AVX2 where the CPU has it; the WebAssembly kernel remains when asked', () => {
  const dots = nativeDots();
  assert.ok(dots, 'native/mmap/build/Release/paperwire_mmap.node has the vector scan');
  const paths = dots.dotsPaths();
  assert.equal(paths.at(-1), 'c', 'the portable path is always there');
  assert.equal(new VectorIndex(16).nativeScan, paths[0]);
  assert.equal(new VectorIndex(16, { native: false }).nativeScan, undefined);
  assert.equal(new VectorIndex(16, { simd: false }).nativeScan, undefined, 'without the WebAssembly memory there are no rows to scan natively');
});

test('every native path returns exactly the WebAssembly kernel\'s hits — brute force, clustered, after updates, removals and assignment', async () => {
  // dim 40: AVX2 takes 32 components at a step, so the last 8 go through the tail
  const dim = 40;
  const { wasm, native } = indexes(dim);
  const all = [wasm, ...native];
  const topics = Array.from({ length: 30 }, () => unit(dim));
  const vectors = Array.from({ length: 3000 }, (_, i) => near(topics[i % 30]!, 0.3));
  vectors.forEach((v, i) => all.forEach((idx) => idx.set(`p${i}`, v)));
  // ties: the same vector under ten ids; k smaller than ten must keep the same ones on every path
  for (let i = 0; i < 10; i++) all.forEach((idx) => idx.set(`twin${i}`, vectors[5]!));
  const queries = [vectors[5]!, ...Array.from({ length: 12 }, (_, i) => near(topics[i]!, 0.3))];
  assertSame(wasm, native, queries, 'brute force');
  for (const idx of all) await idx.buildClusters({ force: true });
  assert.ok(wasm.clustered && native.every((idx) => idx.clustered));
  assertSame(wasm, native, queries, 'clustered');
  // the lists are no longer single runs: replaced and removed vectors, new ones waiting for their cluster
  const moved = Array.from({ length: 200 }, (_, i) => near(topics[(i * 3) % 30]!, 0.3));
  const fresh = Array.from({ length: 50 }, (_, i) => near(topics[i % 30]!, 0.3));
  moved.forEach((v, i) => all.forEach((idx) => idx.set(`p${i * 7}`, v)));
  for (let i = 0; i < 150; i++) all.forEach((idx) => idx.remove(`p${i * 11 + 1}`));
  fresh.forEach((v, i) => all.forEach((idx) => idx.set(`new${i}`, v)));
  assert.ok(native.every((idx) => idx.pending > 0));
  assertSame(wasm, native, queries, 'clustered, with changes pending');
  const removed = wasm.search(vectors[12]!, 100);
  assert.ok(!removed.some((h) => h.id === 'p12'), 'a removed vector is not found');
  for (const idx of all) await idx.assignPending();
  assertSame(wasm, native, queries, 'after assignment');
  // a snapshot's index (fromState: its lists in slot order, so ties may fall otherwise than before) scans
  // natively and finds what the WebAssembly kernel finds on the same restored state
  const restored = VectorIndex.fromState(native[0]!.exportState());
  assert.equal(restored.nativeScan, native[0]!.nativeScan);
  assertSame(VectorIndex.fromState(wasm.exportState(), { native: false }), [restored], queries, 'restored from a snapshot');
  // the chance calibration's best score is search's, on every path
  for (const q of queries.slice(0, 4)) {
    const best = wasm.search(q, 1)[0]!.score;
    for (const idx of all) assert.equal(await idx.bestScore(q, () => undefined), best);
  }
  // a filter goes through the slot-by-slot scan, and finds the same on every index
  const keep = (id: string) => id.endsWith('3');
  for (const idx of native) assert.deepEqual(idx.search(queries[1]!, 10, keep), wasm.search(queries[1]!, 10, keep));
});

test('a scan of 64k rows or more on two threads keeps exactly the one-thread and WebAssembly hits, ties included (equal scores go to the lower slot)', () => {
  const dim = 16;
  const calls: number[] = [];
  const dots = nativeDots()!;
  const { topDots } = dots;
  dots.topDots = (...a) => (calls.push(a[13] ?? 1), topDots(...a));
  try {
    const wasm = new VectorIndex(dim, { native: false });
    const one = new VectorIndex(dim, { threads: 1 });
    const two = new VectorIndex(dim, { threads: 2 });
    const topics = Array.from({ length: 20 }, () => unit(dim));
    const twin = near(topics[3]!, 0.2);
    for (let i = 0; i < 70_000; i++) {
      // the same vector at the start, the middle and the end: ties on both sides of the split
      const v = i % 9_999 === 0 ? twin : near(topics[i % 20]!, 0.4);
      for (const idx of [wasm, one, two]) idx.set(`p${i}`, v);
    }
    for (const q of [twin, ...topics.slice(0, 6)]) {
      for (const k of [1, 3, 50]) {
        const expected = wasm.search(q, k);
        assert.deepEqual(one.search(q, k), expected, `one thread, k ${k}`);
        assert.deepEqual(two.search(q, k), expected, `two threads, k ${k}`);
      }
    }
    const tied = two.search(twin, 3);
    assert.deepEqual(tied.map((h) => h.id), ['p0', 'p9999', 'p19998'], 'of equal scores, the lowest slots are kept, in slot order');
    assert.ok(calls.includes(2) && calls.includes(1), `scans ran on one thread and on two (${new Set(calls).size} kinds)`);
  } finally {
    dots.topDots = topDots;
  }
});

test('useScan switches a loaded index between the native scan and the WebAssembly kernel, with the same results', () => {
  const dim = 64;
  const index = new VectorIndex(dim);
  for (let i = 0; i < 500; i++) index.set(`v${i}`, unit(dim));
  const q = unit(dim);
  const native = index.search(q, 20);
  index.useScan(false);
  assert.equal(index.nativeScan, undefined);
  assert.deepEqual(index.search(q, 20), native);
  index.useScan('c');
  assert.equal(index.nativeScan, 'c');
  assert.deepEqual(index.search(q, 20), native);
});

test('nearestLists ranks centroids exactly as the JavaScript loop and its stable sort do, on every path, ties by number', () => {
  const dots = nativeDots()!;
  for (const [n, dim] of [[1003, 384], [37, 36], [20, 10]] as const) {
    const centroids = new Float32Array(n * dim);
    for (let l = 0; l < n; l++) centroids.set(unit(dim), l * dim);
    // ties: repeated centroids, and the exact same score from a centroid and its copy further on
    centroids.copyWithin(5 * dim, 0, dim);
    centroids.copyWithin((n - 1) * dim, 2 * dim, 3 * dim);
    for (const query of [unit(dim), centroids.slice(0, dim), new Float32Array(dim)]) {
      // the JavaScript ranking VectorIndex uses without the addon
      const scores = new Float32Array(n);
      for (let l = 0; l < n; l++) {
        let s = 0;
        for (let d = 0; d < dim; d++) s += centroids[l * dim + d]! * query[d]!;
        scores[l] = s;
      }
      const expected = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
      for (const path of [undefined, 'c']) {
        const order = new Int32Array(n);
        dots.nearestLists(centroids, n, dim, query, order, path);
        assert.deepEqual([...order], expected, `${n} × ${dim}, path ${path ?? dots.dotsPaths()[0]}`);
      }
    }
  }
});

test('slotRuns: the kept slots as runs of consecutive numbers, in the order given', () => {
  assert.deepEqual([...slotRuns([4, 5, 6, 9, 10, 2, 3], () => true)], [4, 7, 9, 11, 2, 4]);
  assert.deepEqual([...slotRuns([4, 5, 6, 7], (s) => s !== 6)], [4, 6, 7, 8]);
  assert.deepEqual([...slotRuns([], () => true)], []);
});

test('the addon refuses runs outside the rows and bad arguments with an error, not a crash', () => {
  const dots = nativeDots()!;
  const memory = new WebAssembly.Memory({ initial: 1 });
  const heapSlots = new Int32Array(4);
  const heapScores = new Float64Array(4);
  const scales = new Float32Array(10).fill(1);
  const call = (runs: number[], k = 4) => dots.topDots(memory.buffer, 0, 1024, 32, Int32Array.from(runs), runs.length / 2, scales, 1, heapSlots, heapScores, 0, k);
  assert.equal(call([0, 10]), 4, 'ten zero rows: the heap fills to k');
  assert.throws(() => call([0, 11]), /outside the rows/);
  assert.throws(() => call([5, 3]), /outside the rows/);
  assert.throws(() => call([0, 2], 5), /out of range/);
  assert.throws(() => dots.topDots(memory.buffer, 0, 1024, 32, Int32Array.from([0, 1]), 1, scales, 1, heapSlots, heapScores, 0, 4, 'sse9'), /no such path/);
  assert.throws(() => (dots.topDots as (...a: unknown[]) => number)('not a buffer'), /topDots/);
});
