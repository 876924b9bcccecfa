import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalize } from '../../../src/search/semantic/embedder.ts';
import { nativeAssign } from '../../../src/search/semantic/nativeAssign.ts';
import { nativeDots } from '../../../src/search/semantic/nativeDots.ts';
import { mulberry32 } from '../../../src/search/semantic/nearestCentroid.ts';
import { VectorIndex } from '../../../src/search/semantic/vectorIndex.ts';

const random = mulberry32(23);
const unit = (dim: number) => normalize(Float32Array.from({ length: dim }, () => random() - 0.5));
const near = (v: Float32Array, noise: number) => normalize(v.map((x) => x + (random() - 0.5) * noise));

/**
 * Counts the native assignment's calls (with leaves or without) while `run` runs; `onCall` may act on each as it
 * starts, `onScored` once its scores are in and before the caller sees them.
 */
async function spying<T>(
  run: () => Promise<T>,
  onCall: (leaves: boolean) => void = () => {},
  onScored: (leaves: boolean) => void = () => {},
): Promise<{ result: T; calls: { leaves: number; nearest: number } }> {
  const kernel = nativeAssign()!;
  const original = kernel.assignLeaves;
  const calls = { leaves: 0, nearest: 0 };
  kernel.assignLeaves = (...a) => {
    const leaves = a[7] !== null;
    calls[leaves ? 'leaves' : 'nearest']++;
    onCall(leaves);
    return original(...a).then((done) => (onScored(leaves), done));
  };
  try {
    return { result: await run(), calls };
  } finally {
    kernel.assignLeaves = original;
  }
}

test('a cluster build scores off the server thread on every native path and makes exactly the WebAssembly kernel\'s clusters', async () => {
  assert.ok(nativeAssign(), 'the addon has the native assignment');
  // dim 40: AVX2 takes 32 components at a step, the last 8 go through the tail; 60 topics, 30k vectors: 5 groups
  const dim = 40;
  const topics = Array.from({ length: 60 }, () => unit(dim));
  const vectors = Array.from({ length: 30_000 }, (_, i) => near(topics[i % 60]!, 0.5));
  const wasm = new VectorIndex(dim, { native: false });
  const native = nativeDots()!.dotsPaths().map((path) => new VectorIndex(dim, { native: path }));
  for (const idx of [wasm, ...native]) vectors.forEach((v, i) => idx.set(`p${i}`, v));
  const inWasm = await spying(() => wasm.buildClusters({ force: true }));
  assert.deepEqual(inWasm.calls, { leaves: 0, nearest: 0 }, 'the WebAssembly index scores on the server thread');
  const expected = wasm.exportState().clusters!;
  for (const idx of native) {
    const { result, calls } = await spying(() => idx.buildClusters({ force: true }));
    assert.equal(result, true);
    assert.equal(calls.leaves, 1, `${idx.nativeScan}: every vector's leaf in one native pass`);
    assert.ok(calls.nearest >= 10, `${idx.nativeScan}: k-means' assignment steps run natively (${calls.nearest})`);
    const got = idx.exportState().clusters!;
    assert.deepEqual(got.groupCentroids, expected.groupCentroids, `${idx.nativeScan}: the same groups`);
    assert.deepEqual(got.centroids, expected.centroids, `${idx.nativeScan}: the same leaves`);
    assert.deepEqual(got.listOf, expected.listOf, `${idx.nativeScan}: every vector in the same cluster`);
    for (const q of topics.slice(0, 5)) assert.deepEqual(idx.search(q, 10), wasm.search(q, 10));
  }
});

test('a build stopped while its native pass runs ends it early and leaves the index as it was', async () => {
  const dim = 16;
  const index = new VectorIndex(dim);
  for (let i = 0; i < 20_000; i++) index.set(`v${i}`, unit(dim));
  await index.buildClusters({ force: true });
  const queries = Array.from({ length: 5 }, () => unit(dim));
  const before = queries.map((q) => index.search(q, 10));
  const clusters = index.exportState().clusters!;
  const stop = new AbortController();
  // aborted as the pass over every vector starts: the flag the native step reads is set while it runs
  const { result, calls } = await spying(
    () => index.buildClusters({ force: true, signal: stop.signal }),
    (leaves) => void (leaves && stop.abort()),
  );
  assert.equal(calls.leaves, 1);
  assert.equal(result, false, 'the build reports it stopped');
  assert.deepEqual(index.exportState().clusters, clusters, 'the old clusters remain');
  assert.deepEqual(queries.map((q) => index.search(q, 10)), before);
  assert.equal(await index.buildClusters({ force: true }), true, 'a later build still builds');
});

test('the native assignment checks its arguments, and its stop flag ends it before the first slot', async () => {
  const { assignLeaves } = nativeAssign()!;
  const memory = new WebAssembly.Memory({ initial: 1 });
  const rows = new Int8Array(memory.buffer, 0, 8 * 100);
  const group = { rows: new Int16Array(8 * 2), inv: new Float64Array(2), bias: new Float64Array(2) };
  const out = new Int32Array(3).fill(-7);
  const call = (slots: number[], stop = new Int32Array(1)) =>
    assignLeaves(rows, 8, Int32Array.from(slots), new Float32Array(100).fill(1), group.rows, group.inv, group.bias, null, null, null, null, out, stop, memory);
  assert.throws(() => call([0, 100]), /a slot lies outside the rows/);
  assert.throws(() => call([-1]), /a slot lies outside the rows/);
  assert.throws(() => assignLeaves(rows, 8, new Int32Array(1), new Float32Array(100), new Int16Array(4), group.inv, group.bias, null, null, null, null, out, new Int32Array(1), memory), /the groups' arrays disagree/);
  assert.equal(await call([1, 2, 3], Int32Array.of(1)), false, 'stopped: nothing assigned');
  assert.deepEqual([...out], [-7, -7, -7]);
  rows.set([5, 5, 5, 5, 5, 5, 5, 5], 8 * 2);
  group.rows.set([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
  group.inv.fill(1);
  assert.equal(await call([1, 2, 3]), true);
  assert.deepEqual([...out], [0, 1, 0], 'slot 2 (positive) is nearer group 1; the zero rows tie, and the first group wins');
});

test('waiting vectors are assigned off the server thread; one set or removed while its batch is scored waits for the next, and all end where the WebAssembly path puts them', async () => {
  const dim = 32;
  const topics = Array.from({ length: 40 }, () => unit(dim));
  const wasm = new VectorIndex(dim, { native: false });
  const index = new VectorIndex(dim);
  const both = [wasm, index];
  for (let i = 0; i < 6_000; i++) {
    const v = near(topics[i % 40]!, 0.4);
    both.forEach((idx) => idx.set(`p${i}`, v));
  }
  for (const idx of both) await idx.buildClusters({ force: true });
  const fresh = Array.from({ length: 20_000 }, (_, i) => near(topics[(i * 7) % 40]!, 0.4));
  fresh.forEach((v, i) => both.forEach((idx) => idx.set(`n${i}`, v)));
  assert.equal(index.pending, 20_000);
  // once the first batch is scored, before its clusters are placed: one of its vectors replaced (by its opposite,
  // which lies in another cluster), two removed, one added (in the second removed one's slot)
  const moved = fresh[5]!.map((x) => -x);
  const change = (idx: VectorIndex) => (idx.set('n5', moved), idx.remove('n7'), idx.remove('n6'), idx.set('late', moved));
  let first = true;
  const { result, calls } = await spying(
    () => index.assignPending(),
    () => {},
    () => void (first && ((first = false), change(index))),
  );
  change(wasm);
  await wasm.assignPending();
  assert.equal(calls.leaves, 2, 'two batches off the thread: 16,384, then the rest with the changed ones');
  assert.equal(result, 19_999, 'every waiting vector once: n6 and n7 removed, late added, n5 placed after it changed');
  assert.equal(index.pending, 0);
  assert.deepEqual(index.exportState().clusters!.listOf, wasm.exportState().clusters!.listOf, 'each vector in the cluster its row belongs to');
  assert.equal(index.search(moved, 1)[0]!.id, 'n5');
  assert.ok(!index.search(moved, 50).some((h) => h.id === 'n6'), 'the removed vector is gone');
  for (const q of [fresh[6]!, fresh[7]!]) assert.deepEqual(index.search(q, 20), wasm.search(q, 20), 'nothing found in the removed vectors\' slots');
  assert.equal(index.exportState().clusters!.listOf.filter((l) => l >= 0).length, index.size, 'only live vectors are in clusters');
});
