import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { communityApp, makeUser, postForm, type TestUser } from '../community/communityHelpers.ts';
import { seedPapers } from './personalFixture.ts';
import { forEachBackend } from '../helpers/backends.ts';

forEachBackend((backend) => {
  type T = Awaited<ReturnType<typeof communityApp>>;
  const DAY = '2026-11-20';
  const LISTS = [`/papers/date/${DAY}`, '/papers/week/2026-W47', '/papers/month/2026-11', '/papers/trending', '/search?q=molecular', '/search?q=molecular&partial=1'];

  describe(`save, mark read and hide on the feed lists and search results (${backend})`, () => {
    let t: T;
    let alice: TestUser;
    before(async () => {
      t = await communityApp({ backend,  demo: false, today: '2026-11-23' });
      await seedPapers(t.store);
      for (const id of ['2611.00002', '2611.00003', '2611.00004', '2611.00005']) await t.store.daily.feature(id, DAY);
      alice = await makeUser(t, 'alice');
    });
    after(() => t.cleanup());
    const get = (path: string, u?: TestUser) => t.app.request(path, { headers: u ? { Cookie: u.cookie } : {} });
    const post = (path: string, fields: Record<string, string>) => postForm(t.app, path, { csrf: alice.csrf, ...fields }, alice.cookie, { Accept: 'application/json' });
    const card = (page: string, id: string) => new RegExp(`<article class="card[^"]*" data-paper="${id.replace('.', '\\.')}">[\\s\\S]*?</article>`).exec(page)?.[0] ?? '';

    it('gives a signed-in reader the three buttons on every list, with their CSRF token, never cached', async () => {
      for (const path of LISTS) {
        const res = await get(path, alice);
        assert.equal(res.status, 200, path);
        assert.equal(res.headers.get('cache-control'), 'private, no-store', path);
        const page = await res.text();
        const c = card(page, '2611.00004');
        assert.ok(c, `${path} lists the paper`);
        assert.match(c, /<form class="save" method="post" action="\/saved\/2611\.00004">/, path);
        assert.ok(c.includes(`name="csrf" value="${alice.csrf}"`), path);
        assert.match(c, /<button type="submit" class="link">Mark read<\/button>/, path);
        assert.match(c, /<button type="submit" class="link">Hide<\/button>/, path);
      }
    });

    it('shows what the reader saved and read, and leaves hidden papers out of the lists (not out of search)', async () => {
      assert.deepEqual(await (await post('/saved/2611.00002', { save: '1' })).json(), { saved: true, collectionId: 1 });
      assert.deepEqual(await (await post('/marks/2611.00003', { kind: 'hidden', on: '1' })).json(), { kind: 'hidden', on: true });
      assert.deepEqual(await (await post('/marks/2611.00004', { kind: 'read', on: '1' })).json(), { kind: 'read', on: true });
      const day = await (await get(`/papers/date/${DAY}`, alice)).text();
      assert.match(card(day, '2611.00002'), /aria-pressed="true">Saved<\/button>/);
      assert.match(day, /<article class="card read" data-paper="2611\.00004">/);
      assert.match(card(day, '2611.00004'), /name="on" value="0"><button type="submit" class="link">Mark unread</);
      assert.ok(!day.includes('data-paper="2611.00003"'), 'the hidden paper is not on the daily list');
      assert.match(day, /1 paper you hid is not shown/);
      const search = await (await get('/search?q=speech', alice)).text();
      assert.match(card(search, '2611.00003'), />Unhide<\/button>/, 'search still finds it, with Unhide');
      await post('/marks/2611.00003', { kind: 'hidden', on: '0' });
      assert.ok((await (await get(`/papers/date/${DAY}`, alice)).text()).includes('data-paper="2611.00003"'));
    });

    it('keeps the anonymous pages free of personal state, and cached', async () => {
      for (const path of LISTS) {
        const res = await get(path);
        const page = await res.text();
        assert.ok(!page.includes('action="/saved/') && !page.includes('action="/marks/'), path);
        assert.ok(!page.includes(alice.csrf), path);
        assert.ok(!/class="card read"/.test(page), path);
      }
      const first = await get(`/papers/date/${DAY}`);
      const etag = first.headers.get('etag');
      assert.ok(etag, 'the anonymous daily page comes from the page cache with an ETag');
      const again = await t.app.request(`/papers/date/${DAY}`, { headers: { 'If-None-Match': etag! } });
      assert.equal(again.status, 304);
    });
  });
});
