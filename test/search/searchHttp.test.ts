import assert from 'node:assert/strict';
import { after, before, test, describe } from 'node:test';
import { testApp } from '../helpers/testApp.ts';
import { forEachBackend } from '../helpers/backends.ts';

forEachBackend((backend) => {
  describe(backend, () => {
    let t: Awaited<ReturnType<typeof testApp>>;
    before(async () => {
      t = await testApp({ backend });
    });
    after(() => t.cleanup());

    test(`GET /api/papers/search keeps the Hugging Face shape and takes mode, sort, paging and filters (${backend})`, async () => {
      const res = await t.app.request('/api/papers/search?q=knowledge%20distillation&limit=3');
      assert.equal(res.status, 200);
      const body = (await res.json()) as { paper: { id: string; title: string; publishedAt: string | null; upvotes: number }; numComments: number; isAuthorParticipating: boolean }[];
      assert.equal(body.length, 3);
      assert.ok(body[0]!.paper.id && body[0]!.paper.title && typeof body[0]!.numComments === 'number' && body[0]!.isAuthorParticipating === false);
      for (const mode of ['lexical', 'semantic', 'hybrid']) assert.equal((await t.app.request(`/api/papers/search?q=pruning&mode=${mode}`)).status, 200);
      const byDate = (await (await t.app.request('/api/papers/search?q=language%20models&sort=date&limit=20')).json()) as typeof body;
      const dates = byDate.map((b) => b.paper.publishedAt ?? '');
      assert.deepEqual(dates, [...dates].sort().reverse());
      const byVotes = (await (await t.app.request('/api/papers/search?q=language%20models&sort=upvotes&limit=20')).json()) as typeof body;
      const votes = byVotes.map((b) => b.paper.upvotes);
      assert.deepEqual(votes, [...votes].sort((a, b) => b - a));
      const page2 = (await (await t.app.request('/api/papers/search?q=language%20models&mode=lexical&limit=5&offset=5')).json()) as typeof body;
      const page1 = (await (await t.app.request('/api/papers/search?q=language%20models&mode=lexical&limit=10')).json()) as typeof body;
      assert.deepEqual(page2.map((b) => b.paper.id), page1.slice(5).map((b) => b.paper.id));
      const from = (await (await t.app.request('/api/papers/search?q=models&from=2025-06&limit=50')).json()) as typeof body;
      assert.ok(from.length > 0 && from.every((b) => (b.paper.publishedAt ?? '') >= '2025-06-01'));
    });

    test(`bad API input is a 400 with a message (${backend})`, async () => {
      for (const [url, message] of [
        ['/api/papers/search', /q is required/],
        [`/api/papers/search?q=${'a'.repeat(251)}`, /at most 250/],
        ['/api/papers/search?q=x&mode=psychic', /mode must be/],
        ['/api/papers/search?q=x&sort=random', /sort must be/],
        ['/api/papers/search?q=x&limit=0', /limit/],
        ['/api/papers/search?q=x&from=2024-13', /real dates/],
        ['/api/papers/search?q=x%20year:abc', /year:abc is not a year/],
      ] as const) {
        const res = await t.app.request(url);
        assert.equal(res.status, 400, url);
        assert.match(((await res.json()) as { error: string }).error, message, url);
      }
    });

    test(`the search page: count, highlighted matches, filters, empty state, partial results, escaping (${backend})`, async () => {
      const page = await (await t.app.request('/search?q=quantization')).text();
      assert.match(page, /\d+ papers found/);
      assert.match(page, /<mark>[Qq]uantiz/);
      assert.match(page, /data-live-search/);
      const partial = await (await t.app.request('/search?q=quantization&partial=1')).text();
      assert.doesNotMatch(partial, /<html/);
      assert.match(partial, /papers found/);
      const empty = await (await t.app.request('/search?q=zxqvw&code=1')).text();
      assert.match(empty, /No papers matched/);
      assert.match(empty, /without the filters/);
      const hostile = await (await t.app.request(`/search?q=${encodeURIComponent('<script>alert(1)</script> "x')}`)).text();
      assert.doesNotMatch(hostile, /<script>alert/);
      const noted = await (await t.app.request('/search?q=graphs%20year:20')).text();
      assert.match(noted, /year:20 is not a year/);
      assert.equal((await t.app.request('/search?q=x&from=2024-99')).status, 400);
      assert.equal((await t.app.request(`/search?q=${'a'.repeat(300)}`)).status, 400);
      const filtered = await (await t.app.request('/search?q=&from=2025-08')).text();
      assert.match(filtered, /papers? found/);
    });
  });
});
