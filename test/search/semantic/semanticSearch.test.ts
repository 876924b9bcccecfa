import assert from 'node:assert/strict';
import { test } from 'node:test';
import { searchPapers } from '../../../src/search/searchPapers.ts';
import { createSearchContext } from '../../../src/search/searchContext.ts';
import { createSemanticSearch } from '../../../src/search/semantic/semanticSearch.ts';
import { reopenStore, testStore } from '../../helpers/testApp.ts';
import { hashEmbedder } from './hashEmbedder.ts';
import { execRaw, forEachBackend } from '../../helpers/backends.ts';

const papers = [
  { id: '2401.00001', title: 'Post-training quantization of language models', abstract: 'We quantize weights to four bits after training.' },
  { id: '2401.00002', title: 'Pruning convolutional networks', abstract: 'Structured pruning removes filters from networks.' },
  { id: '2401.00003', title: 'Graph neural networks for molecules', abstract: 'Message passing predicts molecular properties.' },
  { id: '2401.00004', title: 'Quantization-aware training for vision transformers', abstract: 'Low-bit weights and activations, quantize during training.' },
];

forEachBackend((backend) => {
  test(`imports never wait for embeddings; the job embeds queued papers, which then rank by meaning (${backend})`, async () => {
    const { store, cleanup } = await testStore({ backend });
    try {
      const embedder = hashEmbedder();
      const semantic = createSemanticSearch(store, embedder);
      assert.deepEqual(await semantic.load(), { vectors: 0, model: 'changed', from: 'database' });
      for (const p of papers) await store.papers.upsert(p);
      assert.equal(embedder.calls, 0, 'upserting a paper embeds nothing');
      assert.equal(await store.searchIndex.queuedCount('embed'), 4);
      assert.deepEqual(await semantic.rank('quantization', { limit: 5 }), [], 'not embedded yet: no semantic results');

      const progress: number[] = [];
      assert.equal(await semantic.embedPending({ batch: 3, onProgress: (done) => progress.push(done) }), 4);
      assert.deepEqual(progress, [3, 4]);
      assert.equal(await store.searchIndex.queuedCount('embed'), 0);
      assert.equal(await store.searchIndex.vectorCount(embedder.id), 4);
      const hits = await semantic.rank('quantize weights bits', { limit: 2 });
      assert.deepEqual(hits.map((h) => h.id).sort(), ['2401.00001', '2401.00004']);
      assert.deepEqual((await semantic.rank('quantize', { limit: 4, filter: (id) => id !== '2401.00001' }))[0]!.id, '2401.00004');
      assert.equal((await semantic.neighbours('2401.00001', { limit: 1 }))![0]!.id, '2401.00004');
      assert.equal(await semantic.neighbours('2401.99999', { limit: 1 }), undefined);
      assert.equal(await semantic.embedPending(), 0, 'nothing left to do');

      // an edited abstract is embedded again; an unchanged re-import is not
      await store.papers.upsert({ ...papers[2]!, abstract: 'Quantize graph networks to low-bit weights.' });
      await store.papers.upsert(papers[1]!);
      assert.equal(await store.searchIndex.queuedCount('embed'), 1);
      await semantic.embedPending();
      const top = (await semantic.rank('graph quantize low-bit', { limit: 1 }))[0]!;
      assert.equal(top.id, '2401.00003');
    } finally {
      cleanup();
    }
  });

  test(`vectors persist across restarts, and a new model re-embeds everything instead of mixing versions (${backend})`, async () => {
    const kit = await testStore({ backend });
    const { store, cleanup } = kit;
    try {
      for (const p of papers) await store.papers.upsert(p);
      const first = createSemanticSearch(store, hashEmbedder(32, 'model-v1'));
      await first.load();
      await first.embedPending();
      store.close();

      const reopened = await reopenStore(kit);
      const again = createSemanticSearch(reopened, hashEmbedder(32, 'model-v1'));
      assert.deepEqual(await again.load(), { vectors: 4, model: 'same', from: 'database' });
      assert.equal((await again.rank('pruning filters', { limit: 1 }))[0]!.id, '2401.00002');

      const v2 = hashEmbedder(48, 'model-v2');
      const next = createSemanticSearch(reopened, v2);
      assert.deepEqual(await next.load(), { vectors: 0, model: 'changed', from: 'database' });
      assert.equal(await reopened.searchIndex.queuedCount('embed'), 4, 'every paper queued for the new model');
      assert.equal(await next.embedPending(), 4);
      assert.equal(next.index!.dim, 48);
      assert.equal(await reopened.searchIndex.vectorCount('model-v1'), 0, 'old vectors dropped once the new model caught up');
      reopened.close();
    } finally {
      cleanup();
    }
  });

  test(`a failing embedder leaves search lexical (rank answers []) and logs why (${backend})`, async () => {
    const { store, cleanup } = await testStore({ backend });
    try {
      for (const p of papers) await store.papers.upsert(p);
      const good = hashEmbedder(16, 'flaky');
      const lines: string[] = [];
      const log = { debug() {}, info() {}, warn: (m: string) => lines.push(m), error() {} };
      const semantic = createSemanticSearch(store, { id: 'flaky', dim: 16, embed: (t) => good.embed(t) }, log);
      await semantic.load();
      await semantic.embedPending();
      const broken = createSemanticSearch(store, { id: 'flaky', dim: 16, embed: async () => { throw new Error('connection refused'); } }, log);
      await broken.load();
      assert.deepEqual(await broken.rank('pruning', { limit: 3 }), []);
      assert.match(lines.join('\n'), /semantic ranking failed/);
      await store.papers.upsert({ title: 'A new paper on pruning', abstract: 'Pruning again.' });
      await assert.rejects(broken.embedPending(), /connection refused/, 'the job reports the failure (the scheduler logs it)');
      assert.equal(await store.searchIndex.queuedCount('embed'), 1, 'the paper stays queued for the next run');
      assert.equal((await searchPapers(createSearchContext(store), { q: 'pruning', mode: 'lexical', limit: 5 })).total, 2, 'and is found lexically meanwhile');
    } finally {
      cleanup();
    }
  });

  test(`deleted papers and papers renumbered to an arXiv id leave the index at the next job run (${backend})`, async () => {
    const { store, cleanup } = await testStore({ backend });
    try {
      for (const p of papers) await store.papers.upsert(p);
      const local = (await store.papers.upsert({ title: 'Quantize everything locally', abstract: 'Quantize weights.' })).id;
      const semantic = createSemanticSearch(store, hashEmbedder());
      await semantic.load();
      await semantic.embedPending();
      assert.equal(semantic.index!.size, 5);
      await execRaw(store, "DELETE FROM papers WHERE id = '2401.00004'"); // no Store method deletes a paper
      await store.papers.upsert({ arxivId: '2402.00009', title: 'Quantize everything locally', abstract: 'Quantize weights.' });
      await semantic.embedPending();
      assert.equal(semantic.index!.size, 4);
      const ids = (await semantic.rank('quantize weights', { limit: 10 })).map((h) => h.id);
      assert.ok(!ids.includes('2401.00004') && !ids.includes(local), `stale ids gone: ${ids}`);
      assert.ok(ids.includes('2402.00009'));
    } finally {
      cleanup();
    }
  });
});

test('the embedding job embeds the next batch while it writes the last one, and picks up papers queued meanwhile', async () => {
  const { store, cleanup } = await testStore();
  try {
    const inner = hashEmbedder();
    const storedAtCall: number[] = [];
    // an embedder that notes how many vectors were stored when each batch was handed to it
    const embedder = { ...inner, embed: async (texts: string[]) => (storedAtCall.push(await store.searchIndex.vectorCount(inner.id)), inner.embed(texts)) };
    const semantic = createSemanticSearch(store, embedder);
    await semantic.load();
    for (const p of papers) await store.papers.upsert(p);
    let added = false;
    const done = await semantic.embedPending({
      batch: 2,
      onProgress: async () => {
        if (added) return;
        added = true;
        await store.papers.upsert({ id: '2401.00005', title: 'Speculative decoding', abstract: 'A draft model proposes tokens.' });
      },
    });
    assert.equal(storedAtCall[1], 0, 'the second batch went to the embedder before the first was written');
    assert.equal(done, 5, 'the paper queued during the run was embedded too');
    assert.equal(await store.searchIndex.queuedCount('embed'), 0);
    assert.equal(await store.searchIndex.vectorCount(inner.id), 5);
  } finally {
    await cleanup();
  }
});
