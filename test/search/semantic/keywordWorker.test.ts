import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
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

const threads = () => readdirSync('/proc/self/task').length;

test("the keyword worker thread ends once the queue is empty, and a fresh one takes the next queued paper (issue 20: its heap is not kept for nothing)", async () => {
  const t = await testStore({ backend: 'sqlite', demo: true });
  try {
    const job = createKeywordJob(createSearchContext(t.store), { worker: true });
    const before = threads();
    assert.equal(await job({ batch: 100 }), 293);
    assert.equal(threads(), before, 'the queue emptied: the worker thread is gone');
    const { id } = await t.store.papers.upsert({ title: 'Holographic qubit tomography with superconducting resonators', abstract: 'We reconstruct superconducting qubit states by holographic tomography.' });
    assert.equal(await job(), 1, 'a new paper is taken by a fresh worker');
    assert.equal(threads(), before);
    const [row] = await rawRows<{ ai_keywords: string }>(t.store, `SELECT ai_keywords FROM papers WHERE id = '${id}'`);
    assert.notEqual(row?.ai_keywords, '[]', 'and its keywords are written');
  } finally {
    t.cleanup();
  }
});
