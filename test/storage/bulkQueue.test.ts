import assert from 'node:assert/strict';
import { test } from 'node:test';
import { execRaw, forEachBackend, rawValue } from '../helpers/backends.ts';
import { testStore } from '../helpers/testApp.ts';

const paper = (i: number) => ({ arxivId: `2601.${String(i).padStart(5, '0')}`, title: `Queued paper ${i}`, abstract: `Abstract ${i}.` });

forEachBackend((backend) => {
  test(`a bulk import queues every new paper for both jobs once, and deleting a paper drops its queued work (${backend})`, async () => {
    const { store, cleanup } = await testStore({ backend });
    try {
      const statuses = await store.papers.upsertMany(Array.from({ length: 1500 }, (_, i) => paper(i)));
      assert.equal(statuses.filter((s) => s.status === 'new').length, 1500);
      assert.equal(await store.searchIndex.queuedCount('embed'), 1500);
      assert.equal(await store.searchIndex.queuedCount('keywords'), 1500);
      // the same papers again: nothing new, nothing queued twice
      await store.papers.upsertMany(Array.from({ length: 1500 }, (_, i) => paper(i)));
      assert.equal(await store.searchIndex.queuedCount('embed'), 1500);

      await execRaw(store, "DELETE FROM papers WHERE arxiv_id IN ('2601.00007', '2601.00008')");
      assert.equal(await store.searchIndex.queuedCount('embed'), 1498);
      assert.equal(await store.searchIndex.queuedCount('keywords'), 1498);
      assert.equal(Number(await rawValue(store, 'SELECT count(*) FROM search_queue WHERE paper_rowid NOT IN (SELECT rowid FROM papers)')), 0, 'no queued work for a deleted paper');
      const queued = (await store.searchIndex.queued('embed', 5000)).map((q) => q.id);
      assert.ok(!queued.includes('2601.00007') && queued.includes('2601.00009'));
    } finally {
      cleanup();
    }
  });
});
