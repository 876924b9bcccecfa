import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachBackend } from '../helpers/backends.ts';
import { testStore } from '../helpers/testApp.ts';

const DAY = { from: '2026-12-01', to: '2026-12-01' };

forEachBackend((backend) => {
  test(`abandonRuns ends a source's runs left running by a dead process as failed, and only those (${backend})`, async () => {
    const { store, cleanup } = await testStore({ backend });
    try {
      const dead = await store.ingest.startRun('api');
      const other = await store.ingest.startRun('rss');
      const done = await store.ingest.startRun('api');
      await store.ingest.updateRun(done, { read: 1, new: 1, updated: 0, unchanged: 0, skipped: 0, requests: 1 }, { status: 'ok' });
      assert.equal(await store.ingest.abandonRuns('api', 'the server running it stopped'), 1);
      assert.equal(await store.ingest.abandonRuns('api', 'again'), 0, 'nothing left running');
      const runs = new Map((await store.ingest.recentRuns(10)).map((r) => [r.id, r]));
      assert.equal(runs.get(dead)!.status, 'failed');
      assert.equal(runs.get(dead)!.message, 'the server running it stopped');
      assert.ok(runs.get(dead)!.finishedAt, 'it has an end');
      assert.equal(runs.get(other)!.status, 'running', "another source's run is untouched");
      assert.equal(runs.get(done)!.status, 'ok', 'a finished run is untouched');
    } finally {
      cleanup();
    }
  });

  test(`ingest credits a submitter only under the exact username: one differing in case is credited to no one (${backend})`, async () => {
    const { store, cleanup } = await testStore({ backend });
    try {
      await store.users.ensure({ username: 'Alice' });
      await store.ingest.commit('hf', [
        { paper: { arxivId: '2612.00001', title: 'Exact', publishedAt: '2026-12-01' }, featured: [{ date: DAY.from, submittedBy: 'Alice' }] },
        { paper: { arxivId: '2612.00002', title: 'Other case', publishedAt: '2026-12-01' }, featured: [{ date: DAY.from, submittedBy: 'alice' }] },
        { paper: { arxivId: '2612.00003', title: 'New user', publishedAt: '2026-12-01' }, featured: [{ date: DAY.from, submittedBy: 'bob' }] },
      ]);
      const entries = new Map((await store.daily.list(DAY, 'upvotes', { limit: 10, offset: 0 })).entries.map((e) => [e.paper.id, e]));
      assert.equal(entries.get('2612.00001')!.submittedBy?.username, 'Alice');
      assert.equal(entries.get('2612.00002')!.submittedBy, undefined, "'alice' is not Alice");
      assert.equal(entries.get('2612.00003')!.submittedBy?.username, 'bob', 'a new submitter gets a user');
      assert.equal(entries.size, 3, 'all three are featured');
    } finally {
      cleanup();
    }
  });
});
