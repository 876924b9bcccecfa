import assert from 'node:assert/strict';
import { after, before, test, describe } from 'node:test';
import { z } from 'zod';
import { API_DOCS } from '../../src/http/app.ts';
import { apiDailyItem, apiPaper, apiSearchItem } from '../../src/http/api/schemas.ts';
import { testApp } from '../helpers/testApp.ts';
import { forEachBackend } from '../helpers/backends.ts';

forEachBackend((backend) => {
  describe(backend, () => {
    let t: Awaited<ReturnType<typeof testApp>>;
    before(async () => {
      t = await testApp({ backend });
    });
    after(() => t.cleanup());

    const get = (path: string, headers: Record<string, string> = {}) => t.app.request(path, { headers });
    const json = async (path: string) => {
      const res = await get(path);
      assert.equal(res.status, 200, path);
      assert.match(res.headers.get('content-type')!, /application\/json/);
      return res.json();
    };

    test(`GET /api/daily_papers?date= returns the day in the Hugging Face shape, by featured date then upvotes (${backend})`, async () => {
      const items = z.array(apiDailyItem).parse(await json('/api/daily_papers?date=2025-12-25&limit=100'));
      assert.equal(items.length, 31);
      for (const i of items) {
        assert.equal(i.publishedAt, '2025-12-25T00:00:00.000Z');
        assert.equal(i.title, i.paper.title);
        assert.equal(i.paper.submittedOnDailyAt !== null, true);
      }
      const ups = items.map((i) => i.paper.upvotes);
      assert.deepEqual(ups, [...ups].sort((a, b) => b - a));
      const arc = items.find((i) => i.title.startsWith('ARC-Encoder'))!;
      assert.deepEqual(arc.organization && { name: arc.organization.name, fullname: arc.organization.fullname }, { name: 'kyutai', fullname: 'Kyutai' });
      assert.equal(arc.paper.publishedAt, '2025-10-23T00:00:00.000Z');
      assert.equal(arc.paper.githubRepo, 'https://github.com/kyutai-labs/ARC-Encoder');
    });

    test(`week, month, paging, limit and trending sort (${backend})`, async () => {
      const week = await json('/api/daily_papers?week=2025-W50');
      assert.equal(week.length, 50);
      assert.ok(week.every((i: { publishedAt: string }) => i.publishedAt.startsWith('2025-12-11')));
      const month = await json('/api/daily_papers?month=2025-03&limit=10&p=1');
      assert.equal(month.length, 10);
      const all = await json('/api/daily_papers?limit=100&p=0');
      const days = all.map((i: { publishedAt: string }) => i.publishedAt);
      assert.deepEqual(days, [...days].sort().reverse(), 'newest featured first by default');
      const trending = await json('/api/daily_papers?sort=trending&limit=5');
      assert.equal(trending.length, 5);
      const page0 = await json('/api/daily_papers?month=2025-03&limit=10&p=0');
      assert.notDeepEqual(page0.map((i: { paper: { id: string } }) => i.paper.id), month.map((i: { paper: { id: string } }) => i.paper.id));
      assert.deepEqual(await json('/api/daily_papers?date=2025-12-27'), [], 'an empty day is an empty list');
    });

    test(`GET /api/papers/:id returns the flattened paper; unknown ids 404 with a message (${backend})`, async () => {
      const [first] = await json('/api/daily_papers?date=2025-12-11&limit=1');
      const paper = apiPaper.parse(await json(`/api/papers/${first.paper.id}`));
      assert.equal(paper.id, first.paper.id);
      assert.equal(paper.title, first.title);
      for (const path of ['/api/papers/9999.99999', '/api/papers/nope', '/api/papers/%E0%A4%A', '/api/papers/pw-000000000000']) {
        const res = await get(path);
        assert.equal(res.status, 404, path);
        const body = await res.json();
        assert.match(body.error, /not found/);
      }
    });

    test(`GET /api/papers/search returns [{paper, numComments, isAuthorParticipating}] (${backend})`, async () => {
      const items = z.array(apiSearchItem).parse(await json('/api/papers/search?q=crowd%20counting&limit=3'));
      assert.ok(items.length >= 1 && items.length <= 3);
      assert.match(items[0]!.paper.title, /Crowd Counting/i);
    });

    test(`bad parameters answer 400 with a JSON message, never a 500 (${backend})`, async () => {
      const cases: [string, RegExp][] = [
        ['/api/daily_papers?date=2025-02-30', /not a real day/], ['/api/daily_papers?date=12-25', /YYYY-MM-DD/], ['/api/daily_papers?week=2025-W99', /ISO week/],
        ['/api/daily_papers?month=2025-13', /real month/], ['/api/daily_papers?limit=0', /limit/], ['/api/daily_papers?limit=101', /limit/],
        ['/api/daily_papers?limit=ten', /limit/], ['/api/daily_papers?p=-1', /p must/], ['/api/daily_papers?sort=best', /sort must be/],
        ['/api/daily_papers?date=2025-12-25&month=2025-12', /at most one/], ['/api/papers/search', /q is required/], ['/api/papers/search?q=%20%20', /q is required/],
        ['/api/papers/search?q=' + 'x'.repeat(251), /at most 250/], ['/api/papers/search?q=ok&limit=121', /limit/],
      ];
      for (const [path, message] of cases) {
        const res = await get(path);
        assert.equal(res.status, 400, path);
        const body = await res.json();
        assert.match(body.error, message, path);
      }
      assert.equal((await get('/api/no_such_endpoint')).status, 404);
      for (const q of ['%22', '%00', 'a%20OR%20b', '*', 'NEAR(x)', '%F0%9F%98%80', '%E0%A4%A']) {
        const res = await get(`/api/papers/search?q=${q}`);
        assert.ok(res.status === 200 || res.status === 400, q);
      }
    });

    test(`daily lists carry an ETag and honour If-None-Match (${backend})`, async () => {
      const res = await get('/api/daily_papers?date=2025-12-25');
      const etag = res.headers.get('etag')!;
      assert.ok(etag);
      assert.equal((await get('/api/daily_papers?date=2025-12-25', { 'If-None-Match': etag })).status, 304);
    });

    test(`/openapi.json is OpenAPI 3.1 generated from the validation schemas (${backend})`, async () => {
      const doc = await json('/openapi.json');
      assert.equal(doc.openapi, '3.1.0');
      for (const r of API_DOCS) assert.ok(doc.paths[r.path]?.[r.method], `${r.method} ${r.path} documented`);
      const daily = doc.paths['/api/daily_papers'].get;
      const limit = daily.parameters.find((p: { name: string }) => p.name === 'limit');
      assert.equal(limit.schema.maximum, 100);
      assert.equal(limit.schema.minimum, 1);
      assert.deepEqual(daily.parameters.find((p: { name: string }) => p.name === 'sort').schema.enum, ['publishedAt', 'trending']);
      assert.ok(daily.responses['200'].content['application/json'].schema.items.properties.paper);
      assert.ok(daily.responses['400']);
    });
  });
});
