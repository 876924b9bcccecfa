import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import Parser from 'rss-parser';
import { testApp } from '../helpers/testApp.ts';
import { forEachBackend } from '../helpers/backends.ts';

forEachBackend((backend) => {
  const parser = new Parser();
  type Ctx = Awaited<ReturnType<typeof testApp>>;

  async function fetchFeed(t: Ctx, url: string, headers: Record<string, string> = {}) {
    const res = await t.app.request(url, { headers });
    const body = await res.text();
    return { res, body };
  }

  async function parsedFeed(t: Ctx, url: string) {
    const { res, body } = await fetchFeed(t, url);
    assert.equal(res.status, 200, `${url}: ${body.slice(0, 200)}`);
    assert.equal(XMLValidator.validate(body), true, `${url} is not well-formed XML`);
    return { res, body, feed: await parser.parseString(body) };
  }

  describe(`feeds for every list (${backend})`, () => {
    let t: Ctx;
    let day: string;
    before(async () => {
      t = await testApp({ backend });
      day = (await t.store.daily.latestDate())!;
    });
    after(() => t.cleanup());

    it('serves a day as RSS and Atom with the same papers as the page, in upvote order', async () => {
      const { entries } = await t.store.daily.list({ from: day, to: day }, 'upvotes', { limit: 100, offset: 0 });
      assert.ok(entries.length > 0);
      for (const ext of ['rss', 'atom']) {
        const { res, feed } = await parsedFeed(t, `/papers/date/${day}.${ext}`);
        assert.match(res.headers.get('content-type')!, ext === 'rss' ? /application\/rss\+xml/ : /application\/atom\+xml/);
        assert.deepEqual(feed.items.map((i) => i.title), entries.map((e) => e.paper.title));
        assert.equal(feed.items[0]!.link, `${t.config.baseUrl}/papers/${entries[0]!.paper.id}`);
      }
      const page = await t.app.request(`/papers/date/${day}`);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type')!, /text\/html/);
      assert.match(await page.text(), new RegExp(`href="/papers/date/${day}\\.rss"`));
    });

    it('serves week, month, trending, organization and search feeds that a feed reader accepts', async () => {
      const org = (await t.store.papers.getMany((await t.store.daily.list({ from: '2000-01-01', to: '2100-01-01' }, 'upvotes', { limit: 500, offset: 0 })).entries.map((e) => e.paper.id))).find((p) => p.organization)!.organization!;
      const word = (await t.store.daily.list({ from: day, to: day }, 'upvotes', { limit: 1, offset: 0 })).entries[0]!.paper.title.split(/\s+/).find((w) => w.length > 5)!;
      const { parseDay, isoWeekOf } = await import('../../src/feed/periods.ts');
      assert.ok(parseDay(day));
      for (const path of [`/papers/week/${isoWeekOf(day)}`, `/papers/month/${day.slice(0, 7)}`, '/papers/trending', `/orgs/${org.name}`]) {
        for (const ext of ['rss', 'atom']) {
          const { feed } = await parsedFeed(t, `${path}.${ext}`);
          assert.ok(feed.items.length > 0, `${path}.${ext} has items`);
        }
        const page = await t.app.request(path);
        assert.equal(page.status, 200, `${path} page still served`);
      }
      const { feed } = await parsedFeed(t, `/search.atom?q=${encodeURIComponent(word)}`);
      assert.ok(feed.items.length > 0);
      assert.ok(feed.items.some((i) => i.title!.includes(word)));
    });

    it('advertises feeds on the pages for autodiscovery, and every advertised feed parses', async () => {
      for (const path of [`/papers/date/${day}`, '/papers/trending', '/search?q=model']) {
        const page = await (await t.app.request(path)).text();
        const links = [...page.matchAll(/<link rel="alternate" type="application\/(rss|atom)\+xml" title="[^"]*" href="([^"]+)">/g)].map((m) => m[2]!.replace(/&amp;/g, '&'));
        assert.equal(links.length, 2, `${path} advertises RSS and Atom`);
        for (const href of links) await parsedFeed(t, href);
      }
      assert.match(await (await t.app.request('/')).text(), /href="\/subscribe"/, 'the header links to the subscribe page');
    });

    it('rejects bad feed addresses with 400 or 404, never 500', async () => {
      for (const [url, status] of [
        ['/papers/date/2025-02-30.rss', 400],
        ['/papers/week/2025-W60.atom', 400],
        ['/papers/month/2025-13.rss', 400],
        ['/orgs/no-such-org-here.rss', 404],
        ['/search.rss', 400],
        [`/search.rss?q=${'x'.repeat(300)}`, 400],
        ['/feeds/searches/forged.sig.rss', 404],
        ['/feeds/searches/.rss', 404],
      ] as const) {
        const res = await t.app.request(url);
        assert.equal(res.status, status, url);
      }
    });

    it('answers every odd search query with a feed or a 400, never a 500', async () => {
      for (const q of ['%ED%A0%80', '\ud800', '%zz', '%00', 'a%26b', '🤖%20"unclosed', '%E0%A4%A', '<script>', 'org:', '(((', '-', encodeURIComponent('\u202e cat:cs.CL year:..'), 'x'.repeat(251)]) {
        for (const ext of ['rss', 'atom']) {
          const res = await t.app.request(`/search.${ext}?q=${q}`);
          assert.ok(res.status === 200 || res.status === 400, `${q}: ${res.status}`);
          if (res.status === 200) assert.equal(XMLValidator.validate(await res.text()), true, q);
        }
      }
      assert.equal(t.logs.filter((l) => l.includes('request failed')).length, 0);
    });

    it('answers conditional requests with 304, and 200 again once the list changes', async () => {
      const url = `/papers/date/${day}.rss`;
      const first = await t.app.request(url);
      const etag = first.headers.get('etag')!;
      const lastModified = first.headers.get('last-modified')!;
      assert.ok(etag && lastModified);
      assert.equal((await t.app.request(url, { headers: { 'If-None-Match': etag } })).status, 304);
      assert.equal((await t.app.request(url, { headers: { 'If-Modified-Since': lastModified } })).status, 304);
      await new Promise((r) => setTimeout(r, 1100));
      const { entries } = await t.store.daily.list({ from: day, to: day }, 'upvotes', { limit: 1, offset: 0 });
      const user = await t.store.users.ensure({ username: 'feedvoter' });
      await t.store.votes.set(user.id, entries[0]!.paper.id, true);
      const changed = await t.app.request(url, { headers: { 'If-None-Match': etag } });
      assert.equal(changed.status, 200);
      assert.notEqual(changed.headers.get('etag'), etag);
      assert.equal((await t.app.request(url, { headers: { 'If-Modified-Since': lastModified } })).status, 200);
    });
  });

  describe(`feeds stay valid XML for any text (${backend})`, () => {
    let t: Ctx;
    before(async () => {
      t = await testApp({ backend,  demo: false });
    });
    after(() => t.cleanup());

    it('drops XML-illegal characters, escapes markup and ]]>, and keeps emoji', async () => {
      const title = 'A & B ]]> <b>bold</b> \u0001\u0008\u000b\u001f\ufffe \ud800 "quoted" 🚀 αβγ';
      const abstract = 'Ends a CDATA ]]> early; & ampersands; <script>alert(1)</script>; tab\there; emoji 🧪\u0000';
      const { id } = await t.store.papers.upsert({ arxivId: '2511.00001', title, abstract, authors: ['Zoë <Z> & Co'], categories: ['cs.LG'], organization: { name: 'weird', fullname: 'Weird & <Org>' } });
      await t.store.daily.feature(id, '2025-11-20');
      // a lone surrogate cannot be stored as UTF-8: SQLite hands back U+FFFD (legal XML) in its place
      const clean = 'A & B ]]> <b>bold</b> "quoted" 🚀 αβγ';
      for (const url of ['/papers/date/2025-11-20.rss', '/papers/date/2025-11-20.atom', '/orgs/weird.rss', '/orgs/weird.atom', '/search.rss?q=ampersands', '/papers/week/2025-W47.atom']) {
        const { body, feed } = await parsedFeed(t, url);
        assert.doesNotMatch(body, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe]/, `${url} holds no illegal characters`);
        assert.doesNotMatch(body, /<script>/);
        assert.equal(feed.items.length, 1, url);
        assert.equal(feed.items[0]!.title!.replace(/\ufffd/g, '').replace(/\s+/g, ' '), clean, url);
        const strict = new XMLParser({ ignoreAttributes: false, processEntities: true }).parse(body);
        assert.ok(strict.rss || strict.feed);
        const text = (feed.items[0]!.content ?? feed.items[0]!.contentSnippet ?? '') as string;
        assert.match(text, /🧪/, `${url} keeps emoji in the abstract`);
        assert.match(text, /\]\]>|\]\]&gt;/);
      }
    });

    it('serves an empty but valid feed for a day without papers', async () => {
      const { feed } = await parsedFeed(t, '/papers/date/2025-11-22.atom');
      assert.equal(feed.items.length, 0);
    });
  });
});
