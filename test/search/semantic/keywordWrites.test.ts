import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createKeywordJob } from '../../../src/search/keywords/keywordJob.ts';
import { testApp } from '../../helpers/testApp.ts';

test('the keywords job writes a batch in pieces, and requests run between them: the queue is seen shrinking by fewer than a batch', async () => {
  const t = await testApp({ demo: true });
  try {
    const queued = await t.store.searchIndex.queuedCount('keywords');
    assert.equal(queued, 293);
    const job = createKeywordJob(t.search);
    // what a request running between the job's steps would see of the queue
    const seen = new Set<number>();
    let done = false;
    const watch = (async () => {
      while (!done) {
        seen.add(await t.store.searchIndex.queuedCount('keywords'));
        await new Promise((r) => setImmediate(r));
      }
    })();
    assert.equal(await job({ batch: 200 }), 293);
    done = true;
    await watch;
    assert.equal(await t.store.searchIndex.queuedCount('keywords'), 0);
    // one transaction a batch would show only 293, 93 and 0; pieces show the queue between them
    const between = [...seen].filter((n) => n !== 293 && n !== 93 && n !== 0);
    assert.ok(between.length >= 3, `queue sizes seen: ${[...seen].sort((a, b) => b - a).join(', ')}`);
    assert.ok(between.every((n) => (293 - n) % 25 === 0 || (93 - n) % 25 === 0), `pieces of 25: ${between}`);
  } finally {
    t.cleanup();
  }
});
