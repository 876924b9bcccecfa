import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createKeywordJob } from '../../../src/search/keywords/keywordJob.ts';
import { createSearchContext } from '../../../src/search/searchContext.ts';
import { testStore } from '../../helpers/testApp.ts';
import { forEachBackend, rawRows } from '../../helpers/backends.ts';

forEachBackend((backend) => {
  test(`keywords extracted in the worker thread are the ones the in-thread job writes, paper for paper (${backend})`, async () => {
    const here = await testStore({ backend, demo: true });
    const there = await testStore({ backend, demo: true });
    try {
      assert.equal(await createKeywordJob(createSearchContext(here.store))({ batch: 40 }), 293);
      assert.equal(await createKeywordJob(createSearchContext(there.store), { worker: true })({ batch: 40 }), 293);
      assert.equal(await there.store.searchIndex.queuedCount('keywords'), 0);
      const all = (s: typeof here.store) => rawRows<{ id: string; ai_keywords: string }>(s, 'SELECT id, ai_keywords FROM papers ORDER BY id');
      const a = await all(here.store);
      const b = await all(there.store);
      assert.ok(a.filter((r) => r.ai_keywords !== '[]').length > 250, 'keywords were written');
      assert.deepEqual(b, a);
    } finally {
      here.cleanup();
      there.cleanup();
    }
  });
});
