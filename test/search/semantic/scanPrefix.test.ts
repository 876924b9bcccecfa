import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { bundledEmbedder } from '../../../src/search/embedding/bundledEmbedder.ts';
import { scanDimOf } from '../../../src/search/embedding/loadStaticEmbedder.ts';
import { createGramKernel } from '../../../src/search/semantic/gramKernel.ts';
import { normalize, type Embedder } from '../../../src/search/semantic/embedder.ts';
import { createSemanticSearch } from '../../../src/search/semantic/semanticSearch.ts';
import { forEachBackend, type Backend } from '../../helpers/backends.ts';
import { testStore } from '../../helpers/testApp.ts';

// Six-long vectors whose first four components order the papers otherwise than the whole: against the query,
// A's prefix is the query's own (cosine 1) but its whole vector only 0.71; B's prefix scores 0.71, its whole 0.85.
const VECTORS: Record<string, number[]> = {
  q: [1, 0, 0, 0, 1, 0],
  A: [1, 0, 0, 0, 0, 0],
  B: [0.5, 0.5, 0, 0, 0.7071, 0],
  C: [0, 0, 1, 0, 0, 0],
  D: [0, 0, 0.6, 0.8, 0, 0],
};

/** An embedder that looks a text's first word up in VECTORS; `scanDim` as given. */
function tableEmbedder(scanDim: number | undefined, id = 'table-6'): Embedder {
  const one = (text: string) => normalize(Float32Array.from(VECTORS[text.split(/[ .]/)[0]!] ?? [0, 0, 0, 0, 0, 1]));
  return { id, dim: 6, scanDim, embedSync: one, embed: async (texts) => texts.map(one) };
}

test('the bundled model scans its 256-long Matryoshka prefix; other sizes scan whole vectors', () => {
  assert.equal(bundledEmbedder().scanDim, 256);
  assert.equal(scanDimOf([64, 128, 256, 384], 384), 256);
  assert.equal(scanDimOf([64, 128, 256, 384], 256), undefined, '128 is under two thirds of 256');
  assert.equal(scanDimOf([], 384), undefined);
});

test('the gram kernel gives every pair’s dot product of whole stored vectors, in SIMD and in the fallback', () => {
  for (const dim of [16, 12]) {
    const rows = Array.from({ length: 7 }, (_, i) => ({ vector: Int8Array.from({ length: dim }, (_, d) => ((i * 37 + d * 11) % 255) - 127), scale: 0.01 * (i + 1) }));
    const gram = createGramKernel(dim)(rows)!;
    for (let i = 0; i < 7; i++) {
      for (let j = 0; j < 7; j++) {
        let dot = 0;
        for (let d = 0; d < dim; d++) dot += rows[i]!.vector[d]! * rows[j]!.vector[d]!;
        assert.ok(Math.abs(gram[i * 7 + j]! - dot * rows[i]!.scale * rows[j]!.scale) < 1e-9, `dim ${dim} pair ${i},${j}`);
      }
    }
  }
  assert.equal(createGramKernel(8)([{ vector: new Int8Array(4), scale: 1 }]), undefined, 'a row of another length');
});

/** A store holding papers A–D (titled by their VECTORS keys) and where a snapshot of their vectors goes. */
async function fourPapers(backend: Backend) {
  const kit = await testStore({ backend });
  for (const t of ['A', 'B', 'C', 'D']) await kit.store.papers.upsert({ id: `2401.0000${'ABCD'.indexOf(t) + 1}`, title: t });
  return { ...kit, path: join(kit.dir, 'search', 'vectors.snap') };
}

forEachBackend((backend) => {
  test(`an index of vector prefixes ranks, finds neighbours and calibrates by the whole vectors, and snapshots its prefixes (${backend})`, async () => {
    const { store, path, cleanup } = await fourPapers(backend);
    try {
      const semantic = createSemanticSearch(store, tableEmbedder(4), undefined, { snapshot: { path } });
      await semantic.load();
      await semantic.embedPending();
      assert.equal(semantic.index!.dim, 4, 'the index holds the first four components');
      assert.equal(semantic.size, 4);
      const prefixOrder = semantic.index!.search(Float32Array.from([1, 0, 0, 0]), 2).map((h) => h.id);
      assert.deepEqual(prefixOrder, ['2401.00001', '2401.00002'], 'by the prefix alone A comes first');
      const ranked = await semantic.rank('q', { limit: 2 });
      assert.deepEqual(ranked.map((h) => h.id), ['2401.00002', '2401.00001'], 'rescored at full length, B comes first');
      assert.ok(Math.abs(ranked[0]!.score - 0.8535) < 0.01 && Math.abs(ranked[1]!.score - 0.7071) < 0.01, 'whole-vector cosines');
      assert.deepEqual((await semantic.rank('q', { limit: 1, filter: (id) => id !== '2401.00002' })).map((h) => h.id), ['2401.00001']);
      // a paper's neighbours are ordered by its whole stored vector: C is D's nearest (0.6), A and B share nothing with it
      assert.deepEqual((await semantic.neighbours('2401.00004', { limit: 1 }))!.map((h) => h.id), ['2401.00003']);
      assert.equal(await semantic.neighbours('2401.99999', { limit: 1 }), undefined);
      const bar = await semantic.chanceScores();
      assert.ok(bar.length > 0 && bar.every((s) => s >= -1 && s <= 1.0001));

      // the snapshot holds the prefixes: a restart serves the same ranking from it
      await semantic.persist();
      const again = createSemanticSearch(store, tableEmbedder(4), undefined, { snapshot: { path } });
      assert.equal((await again.load()).from, 'snapshot');
      assert.equal(again.index!.dim, 4);
      assert.deepEqual((await again.rank('q', { limit: 2 })).map((h) => h.id), ['2401.00002', '2401.00001']);
      again.close();
      // a server that scans whole vectors cannot use it, and rebuilds from the database with the same order
      const whole = createSemanticSearch(store, tableEmbedder(undefined), undefined, { snapshot: { path } });
      assert.equal((await whole.load()).from, 'database');
      assert.equal(whole.index!.dim, 6);
      assert.deepEqual((await whole.rank('q', { limit: 2 })).map((h) => h.id), ['2401.00002', '2401.00001']);
      whole.close();
      semantic.close();
    } finally {
      cleanup();
    }
  });

  test(`the rest of each vector is read from the snapshot file it was saved in, through renumbering, feed changes and later saves (${backend})`, async () => {
    const { store, path, cleanup } = await fourPapers(backend);
    try {
      const first = createSemanticSearch(store, tableEmbedder(4), undefined, { snapshot: { path } });
      await first.load();
      await first.embedPending();
      await first.persist();
      first.close();
      const semantic = createSemanticSearch(store, tableEmbedder(4), undefined, { snapshot: { path } });
      assert.equal((await semantic.load()).from, 'snapshot');
      const order = async () => (await semantic.rank('q', { limit: 4 })).map((h) => [h.id, Math.round(h.score * 1000)]);
      const expected = [['2401.00002', 853], ['2401.00001', 707], ['2401.00003', 0], ['2401.00004', 0]];
      assert.deepEqual((await order()).slice(0, 2), expected.slice(0, 2), 'whole-vector scores from the file');
      // the slots renumbered (a cluster build compacts them): the file records follow
      await semantic.index!.buildClusters({ force: true });
      assert.ok(semantic.index!.compactions > 0);
      assert.deepEqual((await order()).slice(0, 2), expected.slice(0, 2), 'after renumbering');
      // a paper embedded since: its tail is kept in memory, then in the next save's file
      await store.papers.upsert({ id: '2401.00005', title: 'q' });
      await semantic.embedPending();
      await semantic.sync();
      assert.equal((await order())[0]![0], '2401.00005');
      assert.equal((await order())[0]![1], 1000);
      await semantic.persist();
      assert.deepEqual((await order()).slice(0, 3).map((h) => h[0]), ['2401.00005', '2401.00002', '2401.00001'], 'read from the new file');
      // a paper withdrawn leaves the index and its tail with it
      await store.papers.upsert({ id: '2401.00002', title: 'B', withdrawnAt: '2024-02-01' });
      await semantic.sync();
      assert.deepEqual((await order()).slice(0, 2).map((h) => h[0]), ['2401.00005', '2401.00001']);
      await semantic.persist();
      semantic.close();
      const again = createSemanticSearch(store, tableEmbedder(4), undefined, { snapshot: { path } });
      assert.equal((await again.load()).from, 'snapshot');
      assert.deepEqual((await again.rank('q', { limit: 2 })).map((h) => [h.id, Math.round(h.score * 1000)]), [['2401.00005', 1000], ['2401.00001', 707]]);
      again.close();
      // no snapshot: the vectors come from the database, their tails into one array until the first save writes them
      rmSync(path);
      const fromDb = createSemanticSearch(store, tableEmbedder(4), undefined, { snapshot: { path } });
      assert.equal((await fromDb.load()).from, 'database');
      assert.deepEqual((await fromDb.rank('q', { limit: 2 })).map((h) => [h.id, Math.round(h.score * 1000)]), [['2401.00005', 1000], ['2401.00001', 707]]);
      await fromDb.persist();
      assert.deepEqual((await fromDb.rank('q', { limit: 2 })).map((h) => h.id), ['2401.00005', '2401.00001'], 'read from the file it wrote');
      fromDb.close();
      const last = createSemanticSearch(store, tableEmbedder(4), undefined, { snapshot: { path } });
      assert.equal((await last.load()).from, 'snapshot');
      assert.deepEqual((await last.rank('q', { limit: 2 })).map((h) => [h.id, Math.round(h.score * 1000)]), [['2401.00005', 1000], ['2401.00001', 707]]);
      last.close();
    } finally {
      cleanup();
    }
  });
});
