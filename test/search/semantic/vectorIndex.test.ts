import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalize } from '../../../src/search/semantic/embedder.ts';
import { mulberry32 } from '../../../src/search/semantic/nearestCentroid.ts';
import { VectorIndex } from '../../../src/search/semantic/vectorIndex.ts';

const random = mulberry32(3);
const unit = (dim: number) => normalize(Float32Array.from({ length: dim }, () => random() - 0.5));
const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

function exactTop(vectors: Map<string, Float32Array>, q: Float32Array, k: number): string[] {
  return [...vectors].map(([id, v]) => ({ id, s: dot(q, v) })).sort((a, b) => b.s - a.s).slice(0, k).map((x) => x.id);
}

test('the SIMD kernel and the JavaScript loop give the same ranking and scores close to exact cosines', () => {
  const dim = 48;
  const vectors = new Map<string, Float32Array>(Array.from({ length: 500 }, (_, i) => [`p${i}`, unit(dim)]));
  const simd = new VectorIndex(dim);
  const js = new VectorIndex(dim, { simd: false });
  assert.equal(simd.simd, true, 'WebAssembly SIMD is available on Node 20');
  assert.equal(js.simd, false);
  for (const [id, v] of vectors) (simd.set(id, v), js.set(id, v));
  const q = unit(dim);
  const a = simd.search(q, 10);
  const b = js.search(q, 10);
  assert.deepEqual(a.map((h) => h.id), b.map((h) => h.id));
  const exact = exactTop(vectors, q, 10);
  assert.ok(a.filter((h) => exact.includes(h.id)).length >= 9, 'int8 keeps at least 9 of the exact top 10');
  for (const h of a) assert.ok(Math.abs(h.score - dot(q, vectors.get(h.id)!)) < 0.02, 'score is the cosine up to quantization');
});

test('set replaces, remove deletes, filter restricts, and a paper finds itself first', () => {
  const index = new VectorIndex(16);
  const a = unit(16);
  index.set('a', a);
  index.set('b', unit(16));
  index.set('c', unit(16));
  assert.equal(index.size, 3);
  assert.equal(index.search(a, 1)[0]!.id, 'a');
  const b = index.vector('b')!;
  index.set('a', b);
  assert.equal(index.size, 3, 'replacing keeps one entry');
  assert.ok(index.vector('a')!.every((x, i) => Math.abs(x - b[i]!) < 0.02));
  assert.ok(index.remove('c'));
  assert.ok(!index.remove('c'));
  assert.deepEqual(index.search(a, 10).map((h) => h.id).sort(), ['a', 'b']);
  assert.deepEqual(index.search(a, 10, (id) => id !== 'a').map((h) => h.id), ['b']);
  assert.throws(() => index.search(new Float32Array(8), 3), /dimensions/);
});

test('clustered search keeps recall against exact search, survives updates, and scans more clusters when a filter rejects most papers', async () => {
  const dim = 32;
  // 40 topics, 60 papers each: topic direction plus noise
  const topics = Array.from({ length: 40 }, () => unit(dim));
  const vectors = new Map<string, Float32Array>();
  for (let i = 0; i < 2400; i++) {
    const t = topics[i % 40]!;
    vectors.set(`p${i}`, normalize(t.map((x) => x + (random() - 0.5) * 0.25)));
  }
  const index = new VectorIndex(dim);
  for (const [id, v] of vectors) index.set(id, v);
  await index.buildClusters({ force: true });
  assert.ok(index.clustered);
  let found = 0;
  const queries = Array.from({ length: 30 }, (_, i) => normalize(topics[i]!.map((x) => x + (random() - 0.5) * 0.25)));
  for (const q of queries) {
    const exact = exactTop(vectors, q, 10);
    found += index.search(q, 10).filter((h) => exact.includes(h.id)).length;
  }
  assert.ok(found / 300 >= 0.9, `recall@10 ${found / 300}`);

  // a paper moves to another topic: it is found there and no longer at the old place, without duplicates
  const moved = normalize(topics[5]!.slice());
  index.set('p0', moved);
  const hits = index.search(moved, 70);
  assert.equal(hits[0]!.id, 'p0');
  assert.equal(new Set(hits.map((h) => h.id)).size, hits.length, 'no duplicates');
  index.remove('p1');
  assert.ok(!index.search(vectors.get('p1')!, 50).some((h) => h.id === 'p1'));

  // a filter that keeps only papers of one far topic still returns k results
  const only = new Set([...vectors.keys()].filter((_, i) => i % 40 === 39));
  const filtered = index.search(queries[0]!, 10, (id) => only.has(id));
  assert.equal(filtered.length, 10);
  assert.ok(filtered.every((h) => only.has(h.id)));
});

test('gram: dot products of every pair of stored vectors, the same in SIMD and JavaScript; undefined for an unknown id', () => {
  const dim = 64;
  const vectors = new Map<string, Float32Array>(Array.from({ length: 40 }, (_, i) => [`g${i}`, unit(dim)]));
  const simd = new VectorIndex(dim);
  const js = new VectorIndex(dim, { simd: false });
  for (const [id, v] of vectors) (simd.set(id, v), js.set(id, v));
  const ids = ['g3', 'g17', 'g0', 'g39', 'g8'];
  const a = simd.gram(ids)!;
  const b = js.gram(ids)!;
  assert.equal(a.length, 25);
  ids.forEach((x, i) =>
    ids.forEach((y, j) => {
      assert.ok(Math.abs(a[i * 5 + j]! - b[i * 5 + j]!) < 1e-6, `${x}·${y} same in both`);
      assert.ok(Math.abs(a[i * 5 + j]! - dot(vectors.get(x)!, vectors.get(y)!)) < 0.02, `${x}·${y} close to the float dot product`);
    }),
  );
  assert.ok(Math.abs(a[0]! - 1) < 0.02, 'a unit vector with itself');
  assert.equal(simd.gram(['g1', 'nope']), undefined);
});

test('vectors added after clustering are found at once (brute force) and assigned later in batches; a snapshot keeps them findable', async () => {
  const dim = 32;
  const topics = Array.from({ length: 40 }, () => unit(dim));
  const index = new VectorIndex(dim, { native: false }); // batches of 1,024 on the server thread (nativeAssign.test.ts: off it)
  for (let i = 0; i < 2400; i++) index.set(`p${i}`, normalize(topics[i % 40]!.map((x) => x + (random() - 0.5) * 0.25)));
  await index.buildClusters({ force: true });
  assert.equal(index.pending, 0);
  // a batch arrives through the feed: nothing is assigned on the way in
  const fresh = Array.from({ length: 2_500 }, (_, i) => [`n${i}`, normalize(topics[i % 40]!.map((x) => x + (random() - 0.5) * 0.25))] as const);
  for (const [id, v] of fresh) index.set(id, v);
  assert.equal(index.pending, 2_500, 'new vectors wait for the background assignment');
  for (const [id, v] of fresh.slice(0, 20)) assert.equal(index.search(v, 1)[0]!.id, id, `${id} is found before it is assigned`);
  // a snapshot taken now keeps the unassigned ones searchable after a restart
  const restored = VectorIndex.fromState(index.exportState());
  assert.equal(restored.pending, 2_500);
  assert.equal(restored.search(fresh[7]![1], 1)[0]!.id, 'n7');
  // assignment scores a batch of 1,024 at a time and offers a pause after each
  let pauses = 0;
  const assigned = await index.assignPending(() => (pauses++, new Promise<void>((r) => setImmediate(r))));
  assert.equal(assigned, 2_500);
  assert.equal(index.pending, 0);
  assert.equal(pauses, 3);
  for (const [id, v] of fresh.slice(0, 20)) assert.equal(index.search(v, 1)[0]!.id, id, `${id} is found in its cluster`);
  const hits = index.search(fresh[3]![1], 80);
  assert.equal(new Set(hits.map((h) => h.id)).size, hits.length, 'no duplicates');
  // a removed pending vector is neither assigned nor found
  index.set('gone', fresh[0]![1]);
  index.remove('gone');
  assert.equal(index.pending, 0);
  assert.ok(!index.search(fresh[0]![1], 10).some((h) => h.id === 'gone'));
});

test('clusters read as outgrown once the index holds 1.5 times the vectors they were made for, until built again', async () => {
  const dim = 8;
  const index = new VectorIndex(dim);
  for (let i = 0; i < 100_000; i++) index.set(`v${i}`, unit(dim));
  await index.buildClusters();
  assert.ok(index.clustered && !index.clustersOutgrown, 'built for the vectors it holds');
  assert.equal(index.clusteredFor, 100_000, 'made for 100,000 (ten groups)');
  for (let i = 100_000; i < 145_000; i++) index.set(`v${i}`, unit(dim));
  assert.ok(!index.clustersOutgrown, '45 % more: not yet (a server builds them again at 1.5 times)');
  for (let i = 145_000; i < 150_000; i++) index.set(`v${i}`, unit(dim));
  assert.ok(index.clustersOutgrown, 'half as many again: outgrown');
  for (let i = 150_000; i < 200_000; i++) index.set(`v${i}`, unit(dim));
  assert.ok(index.clustersOutgrown, 'twice the vectors: outgrown');
  await index.buildClusters();
  assert.ok(!index.clustersOutgrown);
});

test('a cluster build stopped by its signal leaves the index as it was, and a later build still builds', async () => {
  const dim = 8;
  const index = new VectorIndex(dim);
  for (let i = 0; i < 100_000; i++) index.set(`v${i}`, unit(dim));
  assert.equal(await index.buildClusters(), true);
  const queries = Array.from({ length: 5 }, () => unit(dim));
  const before = queries.map((q) => index.search(q, 10));
  for (let i = 100_000; i < 200_000; i++) index.set(`v${i}`, unit(dim));
  const stop = new AbortController();
  const building = index.buildClusters({ signal: stop.signal });
  stop.abort();
  assert.equal(await building, false, 'the build reports it stopped');
  assert.ok(index.clustersOutgrown, 'the old clusters remain');
  assert.equal(index.pending, 100_000, 'the vectors added since are still searched by brute force');
  for (let i = 100_000; i < 200_000; i++) index.remove(`v${i}`);
  assert.deepEqual(queries.map((q) => index.search(q, 10)), before, 'searches find what they found before the build');
  assert.equal(await index.buildClusters(), true);
  assert.ok(!index.clustersOutgrown);
});

test('vectors set while a build runs go to the new clusters at its end (in batches while more arrive), and are found there', async () => {
  const dim = 16;
  const topics = Array.from({ length: 50 }, () => unit(dim));
  const near = (t: number) => normalize(topics[t % 50]!.map((x) => x + (random() - 0.5) * 0.2));
  const index = new VectorIndex(dim);
  for (let i = 0; i < 100_000; i++) index.set(`v${i}`, near(i));
  await index.buildClusters();
  for (let i = 100_000; i < 160_000; i++) index.set(`v${i}`, near(i)); // grown by half: the next build is due
  const late: [string, Float32Array][] = [];
  let adding = true;
  // 4,000 new vectors and 200 replaced ones, a hundred every turn of the event loop while the build runs
  const feed = async () => {
    while (adding && late.length < 4_200) {
      for (let k = 0; k < 100; k++) {
        const n = late.length;
        const id = n < 4_000 ? `late${n}` : `v${n}`; // the last 200 replace vectors the build already placed
        const v = near(n + 7);
        index.set(id, v);
        late.push([id, v]);
      }
      await new Promise<void>((r) => setImmediate(r));
    }
  };
  const feeding = feed();
  assert.equal(await index.buildClusters(), true);
  adding = false;
  await feeding;
  assert.ok(late.length > 1_024, `${late.length} set during the build: more than one batch`);
  const pendingAfter = index.pending;
  const settled = late.length; // anything set after the build's end waits for assignPending, as between builds
  await index.assignPending();
  assert.equal(index.pending, 0);
  assert.ok(pendingAfter < settled, 'the build assigned those that arrived while it ran');
  for (const [id, v] of late.slice(0, 50).concat(late.slice(-50))) assert.equal(index.search(v, 1)[0]!.id, id, `${id} is found in its cluster`);
  assert.equal(index.size, 164_000);
});

test('background assignment stops at the batch its signal was aborted in (an index closed at shutdown)', async () => {
  const dim = 16;
  const index = new VectorIndex(dim, { native: false }); // batches of 1,024 on the server thread (nativeAssign.test.ts: off it)
  for (let i = 0; i < 3_000; i++) index.set(`v${i}`, unit(dim));
  await index.buildClusters({ force: true });
  for (let i = 0; i < 3_000; i++) index.set(`n${i}`, unit(dim));
  const stop = new AbortController();
  const assigned = await index.assignPending(() => (stop.abort(), undefined), stop.signal);
  assert.equal(assigned, 1_024, 'one batch, then it stopped');
  assert.equal(index.pending, 3_000 - 1_024);
});
