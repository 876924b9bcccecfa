// SQLite-only: page copy and layout of a young instance; the store is incidental (pages run on both backends in test/http/pages.test.ts).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { communityApp, makeUser, postForm, type TestUser } from '../community/communityHelpers.ts';

const TODAY = '2026-12-05';
let t: Awaited<ReturnType<typeof communityApp>>;
let reader: TestUser;
const cards = (page: string) => (page.match(/<article class="card/g) ?? []).length;

before(async () => {
  t = await communityApp({ demo: true, today: TODAY });
  reader = await makeUser(t, 'reader');
});
after(() => t?.cleanup());

test('issue 22 #3: For you (page and API) is not empty on the demo after saving, upvoting and following', async () => {
  const { entries } = await t.store.daily.list({ from: '2025-12-25', to: '2025-12-25' }, 'upvotes', { limit: 5, offset: 0 });
  for (const e of entries.slice(0, 3)) assert.equal((await postForm(t.app, `/saved/${e.paper.id}`, { csrf: reader.csrf, save: '1' }, reader.cookie)).status, 303);
  await postForm(t.app, `/papers/${entries[3]!.paper.id}/upvote`, { csrf: reader.csrf, up: '1' }, reader.cookie);
  for (const [kind, value] of [['org', 'kyutai'], ['author', 'Ada Lovelace'], ['search', 'diffusion']]) await postForm(t.app, '/follows', { csrf: reader.csrf, action: 'follow', kind: kind!, value: value! }, reader.cookie);
  const page = await (await t.app.request('/for-you', { headers: { Cookie: reader.cookie } })).text();
  assert.doesNotMatch(page, /No recent papers yet/);
  assert.ok((page.match(/class="personal/g) ?? []).length >= 5, 'For you lists papers from the newest featured days');
  const api = await t.app.request('/api/foryou?limit=10', { headers: { Cookie: reader.cookie } });
  assert.equal(api.status, 200);
  const body = (await api.json()) as unknown[] | { papers?: unknown[] };
  assert.ok((Array.isArray(body) ? body : (body.papers ?? [])).length >= 5);
});

test('issue 22 #4: one submission today leaves the front page, Trending and its feed worth reading', async () => {
  const before = cards(await (await t.app.request('/papers/trending')).text());
  assert.equal(before, 31);
  const { id } = await t.store.papers.upsert({ title: 'A paper submitted today', abstract: 'Fresh.', publishedAt: '2026-12-04' });
  await t.store.daily.feature(id, TODAY, { submittedBy: reader.id });
  const front = await (await t.app.request('/')).text();
  assert.match(front, /A paper submitted today/, "today's paper leads the front page");
  assert.ok(cards(front) > 10, `the front page goes on with earlier papers (${cards(front)} cards)`);
  const trending = await (await t.app.request('/papers/trending')).text();
  assert.ok(cards(trending) >= 31, `Trending keeps the recent papers (${cards(trending)})`);
  assert.ok(trending.indexOf('A paper submitted today') < trending.indexOf('<article class="card', trending.indexOf('A paper submitted today') + 1) || cards(trending) > 1);
  const feed = await (await t.app.request('/papers/trending.rss')).text();
  assert.ok((feed.match(/<item>/g) ?? []).length >= 31, 'the trending feed too');
  const api = (await (await t.app.request('/api/daily_papers?sort=trending&limit=100')).json()) as unknown[];
  assert.ok(api.length >= 31, 'and the trending API');
});

test('issue 22 #12: week and month pagers step to the nearest period with papers', async () => {
  const month = await (await t.app.request('/papers/month/2025-12')).text();
  assert.match(month, /<a rel="prev" href="\/papers\/month\/2025-10"/, 'November 2025 is empty, so the previous month offered is October');
  assert.doesNotMatch(month, /href="\/papers\/month\/2026-01"/, 'January 2026 is empty and not offered');
  const week = await (await t.app.request('/papers/week/2025-W52')).text();
  assert.match(week, /<a rel="prev" href="\/papers\/week\/2025-W50"/);
  const day = await (await t.app.request('/papers/date/2025-12-25')).text();
  assert.match(day, /<a rel="prev" href="\/papers\/date\/2025-12-11"/, 'days skip as before');
});
