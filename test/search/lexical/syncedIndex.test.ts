import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SyncedIndex } from '../../../src/search/lexical/syncedIndex.ts';
import { forEachBackend, noticedBy, twoStores } from '../../helpers/backends.ts';
import { testStore } from '../../helpers/testApp.ts';

forEachBackend((backend) => {
  test(`a reader built on an empty change log rebuilds once another reader pruned changes it had not read (${backend})`, async () => {
    // two stores, as two server processes over one database
    const { a, b, cleanup } = await twoStores(backend);
    try {
      const early = new SyncedIndex(a.lexical, () => a.revision(), 0);
      assert.equal((await early.current()).size, 0, 'built while the change log is empty');
      // (noticedBy: on PostgreSQL, a sees b's writes once their NOTIFY arrives)
      await noticedBy(a, async () => {
        for (const n of [1, 2, 3]) await b.papers.upsert({ id: `2401.0000${n}`, title: `Prunable widget number ${n}` });
      });
      // another reader, current, prunes the log down to its newest change (as every reader does now and then)
      const other = new SyncedIndex(b.lexical, () => b.revision(), 0, 1);
      assert.equal((await other.current()).size, 3);
      await b.lexical.prune(1);
      assert.equal(await b.lexical.firstChange(), 3, 'only the newest change is kept');
      const index = await early.current();
      assert.equal(index.size, 3, 'every paper reached the early reader, not just the one whose change was kept');
      assert.equal(early.position, 3);
    } finally {
      cleanup();
    }
  });

  test(`a reader that is current replays later changes without rebuilding (${backend})`, async () => {
    const { store, cleanup } = await testStore({ backend });
    try {
      await store.papers.upsert({ id: '2401.00001', title: 'First paper' });
      const synced = new SyncedIndex(store.lexical, () => store.revision(), 0);
      const built = await synced.current();
      await store.papers.upsert({ id: '2401.00002', title: 'Second paper' });
      const after = await synced.current();
      assert.equal(after, built, 'the same index object, caught up in place');
      assert.equal(after.size, 2);
    } finally {
      cleanup();
    }
  });
});
