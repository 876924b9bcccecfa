import assert from 'node:assert/strict';
import { test } from 'node:test';
import { quantize } from '../../../src/search/semantic/embedder.ts';
import { createSemanticSearch } from '../../../src/search/semantic/semanticSearch.ts';
import { hashEmbedder } from './hashEmbedder.ts';
import { execRaw, forEachBackend, noticedBy, twoStores, type Backend } from '../../helpers/backends.ts';

const papers = [
  { id: '2401.00001', title: 'Post-training quantization of language models', abstract: 'We quantize weights to four bits after training.' },
  { id: '2401.00002', title: 'Pruning convolutional networks', abstract: 'Structured pruning removes filters from networks.' },
  { id: '2401.00003', title: 'Graph neural networks for molecules', abstract: 'Message passing predicts molecular properties.' },
  { id: '2401.00004', title: 'Quantization-aware training for vision transformers', abstract: 'Low-bit weights and activations, quantize during training.' },
];

/** Two stores over one database, each with its own semantic index: two server processes. */
async function twoServers(backend: Backend) {
  const { a, b, cleanup } = await twoStores(backend);
  const embedder = hashEmbedder();
  const semA = createSemanticSearch(a, embedder);
  const semB = createSemanticSearch(b, embedder);
  await semA.load();
  await semB.load();
  return { a, b, semA, semB, embedder, cleanup };
}

forEachBackend((backend) => {
  test(`vectors one process stores reach another process’s index through the feed: new, re-embedded, withdrawn, renumbered, deleted (${backend})`, async () => {
    const t = await twoServers(backend);
    try {
      for (const p of papers) await t.a.papers.upsert(p);
      assert.equal(await noticedBy(t.b, () => t.semA.embedPending()), 4, 'A embeds');
      assert.equal(t.semB.index?.size ?? 0, 0, 'B has not looked yet');
      const hits = await t.semB.search('quantize weights bits', 2);
      assert.deepEqual(hits.map((h) => h.id).sort(), ['2401.00001', '2401.00004'], 'B ranks papers it never embedded');
      assert.equal(t.semB.index!.size, 4);
      assert.equal(t.semB.position, await t.b.searchIndex.vectorChanges(t.embedder.id).lastChange());

      // a re-embed elsewhere (another model version, `paperwire reindex`): B's neighbours follow the new vector
      const graph = t.embedder.embedSync('Graph neural networks for molecules');
      await noticedBy(t.b, () => t.a.searchIndex.putVectors(t.embedder.id, [{ rowid: 2, ...quantize(graph) }]));
      assert.equal((await t.semB.similar('2401.00003', 1))[0]!.id, '2401.00002', 'the pruning paper now sits where the graph paper is');

      // withdrawn: gone from semantic ranking everywhere (it stays in storage and on its page)
      await noticedBy(t.b, () => t.a.papers.upsert({ ...papers[3]!, withdrawnAt: '2026-12-01T00:00:00Z' }));
      await t.semB.sync();
      assert.equal(t.semB.index!.has('2401.00004'), false);
      assert.ok(!(await t.semB.search('quantize weights bits', 4)).some((h) => h.id === '2401.00004'));

      // renumbered (a local paper that arrives with an arXiv id) and deleted
      await t.a.papers.upsert({ title: 'A local note about diffusion models', abstract: 'Diffusion denoises images.' });
      await noticedBy(t.b, () => t.semA.embedPending());
      await t.semB.sync();
      const local = [...t.semB.index!.keys()].find((id) => id.startsWith('pw-'));
      assert.ok(local, 'the local paper reached B under its local id');
      await noticedBy(t.b, () => t.a.papers.upsert({ id: '2402.00009', title: 'A local note about diffusion models', abstract: 'Diffusion denoises images.' }));
      await t.semB.sync();
      assert.equal(t.semB.index!.has(local), false, 'the old id left');
      await noticedBy(t.b, () => t.semA.embedPending());
      await t.semB.sync();
      assert.equal(t.semB.index!.has('2402.00009'), true, 'the new id arrived');
      // no Store method deletes papers: this stands for an operator's tool working on the database
      await noticedBy(t.b, () => execRaw(t.a, "DELETE FROM papers WHERE id = '2401.00001'"));
      await t.semB.sync();
      assert.equal(t.semB.index!.has('2401.00001'), false, 'a deleted paper left');
    } finally {
      t.cleanup();
    }
  });

  test(`a process whose feed position was pruned away reloads every vector (${backend})`, async () => {
    const t = await twoServers(backend);
    try {
      for (const p of papers.slice(0, 2)) await t.a.papers.upsert(p);
      await noticedBy(t.b, () => t.semA.embedPending());
      await t.semB.sync();
      assert.equal(t.semB.index!.size, 2);
      for (const p of papers.slice(2)) await t.a.papers.upsert(p);
      await t.semA.embedPending();
      const feed = t.a.searchIndex.vectorChanges(t.embedder.id);
      await feed.prune(0);
      assert.equal(await feed.firstChange(), 0, 'the feed is empty');
      await noticedBy(t.b, () => t.a.searchIndex.putVectors(t.embedder.id, [{ rowid: 1, ...quantize(t.embedder.embedSync('quantize weights')) }]));
      assert.ok((await feed.firstChange()) > t.semB.position + 1, 'B is behind what the feed keeps');
      await t.semB.sync();
      assert.equal(t.semB.index!.size, 4, 'B reloaded and has the papers whose changes it never read');
      assert.equal(t.semB.position, await feed.lastChange());
    } finally {
      t.cleanup();
    }
  });

  test(`a model change logs the new model’s vectors, and dropping the old ones logs nothing (${backend})`, async () => {
    const t = await twoServers(backend);
    try {
      for (const p of papers) await t.a.papers.upsert(p);
      await t.semA.embedPending();
      const feed = t.a.searchIndex.vectorChanges(t.embedder.id);
      const before = await feed.lastChange();
      const next = hashEmbedder(32, 'test-hash-next');
      const semNext = createSemanticSearch(t.a, next);
      assert.equal((await semNext.load()).model, 'changed');
      assert.equal(await semNext.embedPending(), 4);
      assert.equal(await t.a.searchIndex.vectorCount(t.embedder.id), 0, 'the old model’s vectors were dropped');
      assert.equal((await feed.lastChange()) - before, 4, 'one change per new vector, none for the dropped ones');
    } finally {
      t.cleanup();
    }
  });
});
