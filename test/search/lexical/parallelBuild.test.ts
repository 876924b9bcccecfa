import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileQuery } from '../../../src/search/lexical/compileQuery.ts';
import { SyncedIndex } from '../../../src/search/lexical/syncedIndex.ts';
import { parseQuery } from '../../../src/search/query/parseQuery.ts';
import { testStore } from '../../helpers/testApp.ts';
import { forEachBackend } from '../../helpers/backends.ts';

forEachBackend((backend) => {
  test(`a build that analyses in worker threads gives the same index as one in this thread (${backend})`, async () => {
    const { store, cleanup } = await testStore({ backend, demo: true });
    try {
      const serial = await new SyncedIndex(store.lexical, () => store.revision(), 0).rebuild(undefined, 40);
      const failures: Error[] = [];
      const synced = new SyncedIndex(store.lexical, () => store.revision(), 2);
      synced.onWorkerFailure = (err) => failures.push(err);
      const seen: number[] = [];
      const parallel = await synced.rebuild((done) => seen.push(done), 40);
      assert.deepEqual(failures, []);
      assert.ok(serial.size > 250, `demo corpus indexed (${serial.size})`);
      assert.equal(seen.at(-1), serial.size, 'progress reaches every paper');
      const { bytes: _a, ...s } = serial.stats();
      const { bytes: _b, ...p } = parallel.stats();
      assert.deepEqual(p, s);
      for (const q of ['quantization', 'knowledge distillation KD', 'large language models', '"mixture of experts"', 'networks -convolutional', 'MoE routing', 'title:transformer']) {
        const run = (index: typeof serial) => index.search(compileQuery(parseQuery(q), index, { sort: 'relevance', limit: 20 }));
        const a = run(serial);
        assert.ok(a.hits.length > 0 || q.startsWith('title:'), `${q} finds papers`);
        assert.deepEqual(run(parallel), a, q);
      }
    } finally {
      cleanup();
    }
  });
});
