import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChangeCursor } from '../../../src/search/changeCursor.ts';
import { embedQueued } from '../../../src/search/semantic/embedQueued.ts';
import { quantize } from '../../../src/search/semantic/embedder.ts';
import { createSemanticSearch } from '../../../src/search/semantic/semanticSearch.ts';
import type { VectorChange } from '../../../src/storage/searchIndexStore.ts';
import type { Store } from '../../../src/storage/store.ts';
import { forEachBackend, twoStores } from '../../helpers/backends.ts';
import { hashEmbedder } from './hashEmbedder.ts';

const papers = [
  { id: '2401.00001', title: 'Post-training quantization of language models', abstract: 'We quantize weights to four bits after training.' },
  { id: '2401.00002', title: 'Pruning convolutional networks', abstract: 'Structured pruning removes filters from networks.' },
  { id: '2401.00003', title: 'Graph neural networks for molecules', abstract: 'Message passing predicts molecular properties.' },
  { id: '2401.00004', title: 'Quantization-aware training for vision transformers', abstract: 'Low-bit weights and activations, quantize during training.' },
  { id: '2401.00005', title: 'Protein folding with diffusion', abstract: 'A diffusion model folds proteins.' },
];

const closeStore = async (s: Store) => (s.close(), await (s as { closed?: () => Promise<void> }).closed?.());

forEachBackend((backend) => {
  test(`putVectors returns what its transaction added to the vector feed, as the feed reads it (${backend})`, async () => {
    const { a, cleanup } = await twoStores(backend);
    try {
      const embedder = hashEmbedder();
      for (const p of papers) await a.papers.upsert(p);
      await a.searchIndex.useModel(embedder.id); // only the active model's writes are logged
      const feed = a.searchIndex.vectorChanges(embedder.id);
      const before = await feed.lastChange();
      const queued = await a.searchIndex.queued('embed', 3);
      const step = await a.searchIndex.putVectors(embedder.id, queued.map((q) => ({ rowid: q.rowid, ...quantize(embedder.embedSync(q.title)) })));
      assert.equal(step.after, before);
      assert.equal(step.changes.length, 3);
      assert.deepEqual(step.changes, await feed.changesSince(before, 100));
      assert.equal(step.changes.at(-1)!.seq, await feed.lastChange());
      assert.deepEqual(step.changes.map((c) => c.current?.id), queued.map((q) => q.id));
    } finally {
      cleanup();
    }
  });

  test(`pruning keeps the feed after the snapshot's position (and as many changes before it), so a restart replays instead of reloading (${backend})`, async () => {
    const { a, cleanup } = await twoStores(backend);
    try {
      const embedder = hashEmbedder();
      for (let i = 0; i < 40; i++) await a.papers.upsert({ id: `2401.1${String(i).padStart(4, '0')}`, title: `Paper ${i} on quantization`, abstract: 'Weights in four bits.' });
      await a.searchIndex.useModel(embedder.id);
      const feed = a.searchIndex.vectorChanges(embedder.id);
      const first = await feed.lastChange();
      for (const q of await a.searchIndex.queued('embed', 40)) await a.searchIndex.putVectors(embedder.id, [{ rowid: q.rowid, ...quantize(embedder.embedSync(q.title)) }]);
      const snapshotAt = first + 30; // a snapshot saved 30 changes in, 10 before the end
      const apply = () => {};
      const reader = (at: number, options: { keep: number; keepFrom?: () => number }) => {
        const c = new ChangeCursor<VectorChange>(feed, options);
        c.startAt(at);
        return c;
      };
      // a reader keeping 4 changes, but also every change after the snapshot's position and 4 before it
      assert.ok(await reader(first, { keep: 4, keepFrom: () => snapshotAt }).replay(apply));
      assert.equal(await feed.firstChange(), snapshotAt - 3, 'pruned up to 4 changes before the snapshot');
      const restart = new ChangeCursor<VectorChange>(feed);
      restart.startAt(snapshotAt);
      const replayed: number[] = [];
      assert.ok(await restart.replay((c) => replayed.push(c.seq)), 'a start from the snapshot replays');
      assert.equal(replayed.length, 10);
      // without the snapshot's position, the same reader prunes all but 4: that start would have to reload
      assert.ok(await reader(snapshotAt, { keep: 4 }).replay(apply));
      const late = new ChangeCursor<VectorChange>(feed);
      late.startAt(snapshotAt);
      assert.equal(await late.replay(apply), false);
    } finally {
      cleanup();
    }
  });

  test(`a batch the embedding writer hands over is applied without reading the feed: with the server's own connection closed, its index still gets every vector (${backend})`, async () => {
    const { a, b, cleanup } = await twoStores(backend);
    try {
      const embedder = hashEmbedder();
      for (const p of papers) await a.papers.upsert(p);
      // the writer runs the embedding loop over another connection, as the server's embedding worker does
      const sem = createSemanticSearch(a, embedder, undefined, { writer: { embedPending: (o) => embedQueued(b, embedder, o) } });
      await sem.load();
      await closeStore(a); // from here on the server's connection answers nothing: a read of the feed would throw
      const sizes: number[] = [];
      assert.equal(await sem.embedPending({ batch: 2, onProgress: () => sizes.push(sem.size) }), papers.length);
      assert.deepEqual(sizes, [2, 4, 5], 'each batch in the index as soon as it is committed');
      assert.equal(sem.position, await b.searchIndex.vectorChanges(embedder.id).lastChange());
      const stored = await b.searchIndex.vectors(embedder.id, 0, 10);
      assert.equal(stored.length, papers.length);
      for (const v of stored) {
        const held = sem.index!.vector(v.id)!;
        assert.ok(held && [...v.vector].every((x, i) => Math.abs(held[i]! - x * v.scale) < 1e-6), `the stored vector of ${v.id}`);
      }
    } finally {
      cleanup();
    }
  });

  test(`handed changes are applied only at the position they begin from; elsewhere nothing is applied (${backend})`, async () => {
    const { a, cleanup } = await twoStores(backend);
    try {
      const embedder = hashEmbedder();
      for (const p of papers) await a.papers.upsert(p);
      await a.searchIndex.useModel(embedder.id);
      const queued = await a.searchIndex.queued('embed', 5);
      const put = (i: number) => a.searchIndex.putVectors(embedder.id, [{ rowid: queued[i]!.rowid, ...quantize(embedder.embedSync(queued[i]!.title)) }]);
      const first = await put(0);
      const second = await put(1);
      const cursor = new ChangeCursor<VectorChange>(a.searchIndex.vectorChanges(embedder.id));
      cursor.startAt(first.after);
      const seen: string[] = [];
      assert.equal(await cursor.applyHanded(second, (c) => seen.push(c.named)), false, 'the first write lies between');
      assert.equal(seen.length, 0);
      assert.equal(cursor.seq, first.after);
      assert.equal(await cursor.applyHanded(first, (c) => seen.push(c.named)), true);
      assert.equal(await cursor.applyHanded(second, (c) => seen.push(c.named)), true);
      assert.deepEqual(seen, [queued[0]!.id, queued[1]!.id]);
      assert.equal(cursor.seq, second.changes.at(-1)!.seq);
      assert.equal(await cursor.applyHanded(second, (c) => seen.push(c.named)), false, 'already past it');
    } finally {
      cleanup();
    }
  });
});
