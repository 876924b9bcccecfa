import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createApp } from '../../src/http/app.ts';
import { PageCache } from '../../src/http/pageCache.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { createSearchContext } from '../../src/search/searchContext.ts';
import { testApp } from '../helpers/testApp.ts';
import { forEachBackend, rawValue } from '../helpers/backends.ts';

forEachBackend((backend) => {
  test(`/healthz is liveness; /readyz and searches answer 503 with Retry-After until the lexical index is built (${backend})`, async () => {
    // requestWaitMs 0: a request never waits for the first build (the server waits up to a second)
    const t = await testApp({ backend, demo: true, requestWaitMs: 0 });
    try {
      assert.equal((await t.app.request('/healthz')).status, 200);
      const notReady = await t.app.request('/readyz');
      assert.equal(notReady.status, 503);
      assert.equal(notReady.headers.get('retry-after'), '2');
      const body = (await notReady.json()) as { ready: boolean; search: { lexical: { built: boolean } } };
      assert.equal(body.ready, false);
      assert.equal(body.search.lexical.built, false);

      const api = await t.app.request('/api/papers/search?q=crowd+counting');
      assert.equal(api.status, 503, 'a search during the first build is refused at once, not held');
      assert.equal(api.headers.get('retry-after'), '2');
      assert.match(((await api.json()) as { error: string }).error, /starting up/);
      // (that search started the build, which may be over by now: the page is asked of a second server's app)
      const other = createApp({ store: t.store, config: t.config, log: createLogger('silent'), cache: new PageCache(), today: () => '2026-11-23', search: createSearchContext(t.store, { requestWaitMs: 0 }) });
      const page = await other.request('/search?q=crowd+counting');
      assert.equal(page.status, 503);
      assert.equal(page.headers.get('retry-after'), '2');
      assert.match(await page.text(), /search index is still being built/);
      assert.equal((await t.app.request('/')).status, 200, 'pages that need no search answer at once');
      const id = (await rawValue(t.store, 'SELECT id FROM papers ORDER BY id LIMIT 1')) as string;
      const paper = await t.app.request(`/papers/${id}`);
      assert.equal(paper.status, 200, 'a paper page answers, with similar papers from what is loaded');

      await t.search.lexical.current(); // the build the first search started
      const ready = await t.app.request('/readyz');
      assert.equal(ready.status, 200);
      const r = (await ready.json()) as { ready: boolean; search: { lexical: { built: boolean; papers: number } } };
      assert.deepEqual([r.ready, r.search.lexical.built, r.search.lexical.papers], [true, true, 293]);
      const found = await t.app.request('/api/papers/search?q=crowd+counting');
      assert.equal(found.status, 200);
      assert.ok(((await found.json()) as unknown[]).length > 0);
    } finally {
      t.cleanup();
    }
  });
});
