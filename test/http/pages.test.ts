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

    const get = (path: string, headers: Record<string, string> = {}) => t.app.request(path, { headers });

    test(`/ shows the newest day with papers, ordered by upvotes, with cards as on the seed pages (${backend})`, async () => {
      const res = await get('/');
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type')!, /text\/html/);
      const body = await res.text();
      assert.match(body, /<h1 id="list-title">Daily Papers<\/h1>/);
      assert.match(body, /Thu, Dec 25, 2025/);
      assert.match(body, /Get trending papers in your email inbox!/);
      assert.match(body, /<a href="\/subscribe">Subscribe<\/a>/);
      assert.match(body, /role="search"/);
      const votes = [...body.matchAll(/<span class="n">(\d+)<\/span>/g)].map((m) => Number(m[1]));
      assert.ok(votes.length > 10);
      assert.deepEqual(votes, [...votes].sort((a, b) => b - a));
      assert.match(body, /\d+ authors<\/span>/);
      assert.match(body, /class="org" href="\/orgs\/kyutai"/);
      assert.match(body, /Code: Pongpisit-Thanasutives\/Variations-of-SFANet-for-Crowd-Counting/);
      assert.match(body, /rel="prev" href="\/papers\/date\/2025-12-11"/, 'previous day skips the empty days');
      assert.match(body, /type="application\/rss\+xml"/);
    });

    test(`day pages link to the nearest days with papers; empty days say why (${backend})`, async () => {
      const mid = await (await get('/papers/date/2025-10-31')).text();
      assert.match(mid, /rel="prev" href="\/papers\/date\/2025-07-30"/);
      assert.match(mid, /rel="next" href="\/papers\/date\/2025-12-11"/);
      const weekend = await (await get('/papers/date/2025-12-27')).text();
      assert.match(weekend, /is a weekend: arXiv announces no new papers/);
      assert.match(weekend, /See the latest papers/);
      const future = await (await get('/papers/date/2027-01-05')).text();
      assert.match(future, /has not happened yet/);
      const weekday = await (await get('/papers/date/2025-12-23')).text();
      assert.match(weekday, /No papers were featured on this day/);
    });

    test(`week and month pages gather their days and link to neighbours (${backend})`, async () => {
      const week = await (await get('/papers/week/2025-W52')).text();
      assert.match(week, /Week 52 of 2025/);
      assert.match(week, /31 papers/);
      assert.match(week, /href="\/papers\/week\/2025-W50"/, 'the previous week with papers (W51 is empty)');
      assert.doesNotMatch(week, /href="\/papers\/week\/2026-W01"/, 'no later week has papers');
      const month = await (await get('/papers/month/2025-12')).text();
      assert.match(month, /December 2025/);
      assert.match(month, /\b8\d papers|\b7\d papers/);
      assert.match(month, /Papers 1–50 of \d+/);
      const page2 = await get('/papers/month/2025-12?p=1');
      assert.equal(page2.status, 200);
      assert.match(await page2.text(), /Newer page/);
    });

    test(`trending ranks recent upvoted papers (${backend})`, async () => {
      const body = await (await get('/papers/trending')).text();
      assert.match(body, /Trending Papers/);
      assert.match(body, /up to Dec 25, 2025/);
      assert.ok((body.match(/class="card"/g) ?? []).length >= 10);
    });

    test(`paper page: full abstract, links, BibTeX, featured day, similar papers; .md and .bib forms (${backend})`, async () => {
      const list = await (await get('/api/daily_papers?date=2025-12-25&limit=100')).json();
      const arc = list.find((i: { title: string }) => i.title.startsWith('ARC-Encoder'));
      const res = await get(`/papers/${arc.paper.id}`);
      assert.equal(res.status, 200);
      const body = await res.text();
      assert.match(body, /<h1>ARC-Encoder/);
      assert.ok(body.includes('portable encoders that work seamlessly'), 'the whole abstract, not clamped');
      assert.match(body, /Featured in <a href="\/papers\/date\/2025-12-25"/);
  assert.match(body, /@misc\{paper2025encoder,/);
      assert.match(body, /Similar papers/);
      assert.match(body, /class="similar"><li>/);
      const md = await get(`/papers/${arc.paper.id}.md`);
      assert.match(md.headers.get('content-type')!, /text\/markdown/);
      assert.match(await md.text(), /^# ARC-Encoder/);
      const bib = await get(`/papers/${arc.paper.id}.bib`);
      assert.match(bib.headers.get('content-disposition')!, /attachment/);
      assert.match(await bib.text(), /title\s+= \{\{ARC-Encoder/);
    });

    test(`organization page lists its papers (${backend})`, async () => {
      const res = await get('/orgs/kyutai');
      assert.equal(res.status, 200);
      const body = await res.text();
      assert.match(body, /Kyutai/);
      assert.match(body, /ARC-Encoder/);
      assert.equal((await get('/orgs/no-such-org')).status, 404);
    });

    test(`search page finds by words and explains an empty result (${backend})`, async () => {
      const body = await (await get('/search?q=gaussian+splatting')).text();
      assert.match(body, /papers? found/);
      assert.match(body, /Gaussian/);
      const none = await (await get('/search?q=zzzqqqxxy')).text();
      assert.match(none, /No papers matched/);
    });

    test(`lists send ETags and answer 304 to a matching If-None-Match (${backend})`, async () => {
      const first = await get('/papers/date/2025-12-11');
      const etag = first.headers.get('etag');
      assert.ok(etag);
      const again = await get('/papers/date/2025-12-11', { 'if-none-match': etag! });
      assert.equal(again.status, 304);
      await t.store.papers.upsert({ title: 'A brand new paper' });
      assert.equal((await get('/papers/date/2025-12-11', { 'if-none-match': etag! })).status, 304, 'an unrelated write leaves the page as it was');
      const day = await t.store.daily.list({ from: '2025-12-11', to: '2025-12-11' }, 'upvotes', { limit: 1, offset: 0 });
      const voter = await t.store.users.ensure({ username: 'etag-voter' });
      await t.store.votes.set(voter.id, day.entries[0]!.paper.id, true);
      const changed = await get('/papers/date/2025-12-11', { 'if-none-match': etag! });
      assert.equal(changed.status, 200, 'a vote on the day changes the page at once');
      assert.notEqual(changed.headers.get('etag'), etag);
    });

    test(`pages carry the secure headers (${backend})`, async () => {
      const res = await get('/');
      assert.match(res.headers.get('content-security-policy')!, /frame-ancestors 'none'/);
      assert.doesNotMatch(res.headers.get('content-security-policy')!, /unsafe-inline/);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    });

    test(`bad input on every page parameter: 400 or 404 with a message, never a 500 (${backend})`, async () => {
      const cases: [string, number][] = [
        ['/papers/date/2025-02-30', 400], ['/papers/date/yesterday', 400], ['/papers/date/2025-12-25?p=-1', 400], ['/papers/date/2025-12-25?p=abc', 400],
        ['/papers/date/2025-12-25?p=1.5', 400], ['/papers/week/2025-W60', 400], ['/papers/week/2025-52', 400], ['/papers/month/2025-13', 400],
        ['/papers/trending?p=x', 400], ['/papers/9999.99999', 404], ['/papers/not-an-id', 404], ['/papers/%E0%A4%A', 404], ['/papers/..%2F..%2Fetc%2Fpasswd', 404],
        ['/orgs/%00', 404], ['/orgs/kyutai?p=-3', 400], ['/search?q=' + 'a'.repeat(300), 400], ['/nowhere', 404], ['/static/../../package.json', 404],
        ['/search?q=%22unbalanced', 200], ['/search?q=%00', 200], ['/search?q=NEAR(a%20b)%20OR', 200], ['/papers/date/2025-12-25?p=99', 200],
      ];
      for (const [path, status] of cases) {
        const res = await get(path);
        assert.equal(res.status, status, path);
        const body = await res.text();
        assert.doesNotMatch(body, /at \w+ \(|stack|SqliteError/, `no stack trace for ${path}`);
      }
      const bad = await (await get('/papers/date/2025-02-30')).text();
      assert.match(bad, /must be a real day written YYYY-MM-DD/);
    });

    test(`user text is escaped on every page (${backend})`, async () => {
      const { id } = await t.store.papers.upsert({ title: '<script>alert(1)</script> & "quotes"', abstract: '<img src=x onerror=alert(2)>', organization: { name: 'evil', fullname: '<b>Evil</b>' } });
      await t.store.daily.feature(id, '2025-12-24');
      for (const path of ['/papers/date/2025-12-24', `/papers/${id}`, '/orgs/evil', '/search?q=script']) {
        const body = await (await get(path)).text();
        assert.ok(!body.includes('<script>alert(1)'), path);
        assert.ok(!body.includes('<img src=x'), path);
        assert.ok(!body.includes('<b>Evil'), path);
        if (!path.startsWith('/orgs')) assert.match(body, /&lt;(<mark>)?script(<\/mark>)?&gt;alert\(1\)/, `${path} shows the title as text`);
      }
    });

    test(`cached lists are sent gzip-compressed to clients that accept it, with their own ETag (${backend})`, async () => {
      const { gunzipSync } = await import('node:zlib');
      const plain = await get('/papers/date/2025-12-25');
      const zipped = await get('/papers/date/2025-12-25', { 'accept-encoding': 'gzip, deflate' });
      assert.equal(zipped.headers.get('content-encoding'), 'gzip');
      assert.equal(zipped.headers.get('vary'), 'Accept-Encoding');
      const bytes = Buffer.from(await zipped.arrayBuffer());
      const text = await plain.text();
      assert.ok(bytes.length < Buffer.byteLength(text) / 2, 'compressed');
      assert.equal(gunzipSync(bytes).toString('utf8'), text);
      assert.notEqual(zipped.headers.get('etag'), plain.headers.get('etag'));
      const again = await get('/papers/date/2025-12-25', { 'accept-encoding': 'gzip', 'if-none-match': zipped.headers.get('etag')! });
      assert.equal(again.status, 304);
    });
  });
});
