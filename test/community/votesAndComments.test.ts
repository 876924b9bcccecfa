import assert from 'node:assert/strict';
import { test } from 'node:test';
import { communityApp, makeUser, postForm } from './communityHelpers.ts';
import { forEachBackend } from '../helpers/backends.ts';

forEachBackend((backend) => {
  async function newPaper(t: Awaited<ReturnType<typeof communityApp>>, arxivId = '2611.00001', title = 'A fresh paper on sparse attention') {
    await t.store.papers.upsert({ arxivId, title, authors: ['A. Author'], abstract: 'We study things.', publishedAt: '2026-11-20' });
    return arxivId;
  }

  test(`100 parallel upvotes from 100 users, and 100 from one user: counts exact (${backend})`, async () => {
    const t = await communityApp({ backend,  demo: false });
    try {
      const id = await newPaper(t);
      const users = await Promise.all(Array.from({ length: 100 }, (_, i) => makeUser(t, `voter${i}`)));
      const results = await Promise.all(users.map((u) => postForm(t.app, `/papers/${id}/upvote`, { csrf: u.csrf, up: '1' }, u.cookie, { Accept: 'application/json' })));
      assert.ok(results.every((r) => r.status === 200));
      assert.equal((await t.store.papers.get(id))!.upvotes, 100);
      const one = users[0]!;
      const again = await Promise.all(Array.from({ length: 100 }, () => postForm(t.app, `/papers/${id}/upvote`, { csrf: one.csrf, up: '1' }, one.cookie, { Accept: 'application/json' })));
      assert.ok(again.every((r) => r.status === 200));
      assert.equal((await t.store.papers.get(id))!.upvotes, 100, 'one user, one vote');
      const voted = await Promise.all(users.map(async (u) => (await t.store.votes.votedOn(u.id, [id])).size));
      assert.equal(voted.reduce((a, b) => a + b, 0), 100, 'one vote row per user');
      const toggled = await Promise.all(users.slice(0, 40).map((u) => postForm(t.app, `/papers/${id}/upvote`, { csrf: u.csrf, up: '0' }, u.cookie, { Accept: 'application/json' })));
      assert.deepEqual(await toggled.at(-1)!.json().then((j) => j.upvoted), false);
      assert.equal((await t.store.papers.get(id))!.upvotes, 60);
    } finally {
      t.cleanup();
    }
  });

  test(`upvote toggle: JSON for scripts, redirect back for plain forms, vote state on the pages (${backend})`, async () => {
    const t = await communityApp({ backend,  demo: false });
    try {
      const id = await newPaper(t);
      await t.store.daily.feature(id, '2026-11-23');
      const u = await makeUser(t, 'ann');
      let res = await postForm(t.app, `/papers/${id}/upvote`, { csrf: u.csrf, up: '1' }, u.cookie, { Accept: 'application/json' });
      assert.deepEqual(await res.json(), { upvoted: true, upvotes: 1 });
      res = await postForm(t.app, `/papers/${id}/upvote`, { csrf: u.csrf, up: '0' }, u.cookie, { Referer: 'http://localhost/papers/date/2026-11-23' });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), '/papers/date/2026-11-23');
      assert.equal((await t.store.papers.get(id))!.upvotes, 0);
      await postForm(t.app, `/papers/${id}/upvote`, { csrf: u.csrf, up: '1' }, u.cookie);
      const mine = await (await t.app.request('/papers/date/2026-11-23', { headers: { Cookie: u.cookie } })).text();
      assert.match(mine, /aria-pressed="true"/);
      assert.match(mine, /name="up" value="0"/);
      assert.match(mine, /@ann/);
      const anon = await t.app.request('/papers/date/2026-11-23');
      const anonHtml = await anon.text();
      assert.doesNotMatch(anonHtml, /aria-pressed|@ann|name="csrf"/, 'the anonymous page carries nobody’s state or token');
      assert.match(anonHtml, /Sign in/);
      assert.match(anonHtml, new RegExp(`<a class="votes" href="/login\\?next=/papers/${id}"`), 'anonymous visitors get a sign-in link on the vote box');
      assert.ok(anon.headers.get('etag'));
    } finally {
      t.cleanup();
    }
  });

  test(`unverified accounts cannot vote; unknown papers are 404 (${backend})`, async () => {
    const t = await communityApp({ backend,  demo: false });
    try {
      const id = await newPaper(t);
      const unverified = await makeUser(t, 'newbie', 'user', false);
      let res = await postForm(t.app, `/papers/${id}/upvote`, { csrf: unverified.csrf, up: '1' }, unverified.cookie);
      assert.equal(res.status, 403);
      assert.match(await res.text(), /Verify your email/);
      const u = await makeUser(t, 'ok');
      res = await postForm(t.app, `/papers/2611.99999/upvote`, { csrf: u.csrf, up: '1' }, u.cookie);
      assert.equal(res.status, 404);
      res = await postForm(t.app, `/papers/not-an-id/upvote`, { csrf: u.csrf, up: '1' }, u.cookie);
      assert.equal(res.status, 404);
    } finally {
      t.cleanup();
    }
  });

  test(`comments: markdown made safe, replies one level, edit/delete own, moderators hide, counts exact (${backend})`, async () => {
    const t = await communityApp({ backend,  demo: false });
    try {
      const id = await newPaper(t);
      const ann = await makeUser(t, 'ann');
      const bob = await makeUser(t, 'bob');
      const mod = await makeUser(t, 'mo', 'moderator');
      const body = '**bold** <script>alert(1)</script> <img src=x onerror=alert(2)> [js](javascript:alert(3)) [ok](https://example.org/x) [data](data:text/html,hi)';
      let res = await postForm(t.app, `/papers/${id}/comments`, { csrf: ann.csrf, body }, ann.cookie);
      assert.equal(res.status, 303);
      const [first] = await t.store.comments.forPaper(id);
      assert.equal((await t.store.papers.get(id))!.numComments, 1);
      let page = await (await t.app.request(`/papers/${id}`)).text();
      assert.match(page, /<strong>bold<\/strong>/);
      assert.match(page, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      assert.doesNotMatch(page, /<script>alert|<img src=x|href="javascript:|href="data:/i);
      assert.match(page, /<a href="https:\/\/example.org\/x" rel="nofollow ugc noopener">ok<\/a>/);

      res = await postForm(t.app, `/papers/${id}/comments`, { csrf: bob.csrf, body: 'a reply', parent_id: String(first!.id) }, bob.cookie);
      assert.equal(res.status, 303);
      const reply = (await t.store.comments.forPaper(id)).find((c) => c.parentId === first!.id)!;
      res = await postForm(t.app, `/papers/${id}/comments`, { csrf: ann.csrf, body: 'too deep', parent_id: String(reply.id) }, ann.cookie);
      assert.equal(res.status, 422, 'replies go one level deep');
      assert.equal((await t.store.papers.get(id))!.numComments, 2);

      assert.equal((await postForm(t.app, `/comments/${first!.id}/edit`, { csrf: bob.csrf, body: 'hijack' }, bob.cookie)).status, 403);
      assert.equal((await postForm(t.app, `/comments/${first!.id}/delete`, { csrf: bob.csrf }, bob.cookie)).status, 403);
      assert.equal((await postForm(t.app, `/comments/${first!.id}/edit`, { csrf: ann.csrf, body: 'edited text' }, ann.cookie)).status, 303);
      assert.equal((await t.store.comments.get(first!.id))!.body, 'edited text');
      assert.equal((await postForm(t.app, `/comments/${reply.id}/hide`, { csrf: ann.csrf }, ann.cookie)).status, 403, 'only moderators hide');
      assert.equal((await postForm(t.app, `/comments/${reply.id}/hide`, { csrf: mod.csrf }, mod.cookie)).status, 303);
      assert.equal((await t.store.papers.get(id))!.numComments, 1);
      page = await (await t.app.request(`/papers/${id}`)).text();
      assert.doesNotMatch(page, /a reply/);
      assert.equal((await postForm(t.app, `/comments/${first!.id}/delete`, { csrf: ann.csrf }, ann.cookie)).status, 303);
      assert.equal((await t.store.papers.get(id))!.numComments, 0);
      const log = await t.store.moderationLog.list({ limit: 10, offset: 0 });
      assert.equal(log[0]!.action, 'comment.hide');
      assert.equal(log[0]!.actor?.username, 'mo');

      res = await postForm(t.app, `/papers/${id}/comments`, { csrf: ann.csrf, body: '   ' }, ann.cookie);
      assert.equal(res.status, 422);
      res = await postForm(t.app, `/papers/${id}/comments`, { csrf: ann.csrf, body: 'x'.repeat(5001) }, ann.cookie);
      assert.equal(res.status, 422);
    } finally {
      t.cleanup();
    }
  });

  test(`per-user write limit: past 120 writes in 10 minutes, 429 with Retry-After (${backend})`, async () => {
    const t = await communityApp({ backend,  demo: false });
    try {
      const id = await newPaper(t);
      const u = await makeUser(t, 'spam');
      for (let i = 0; i < 120; i++) assert.equal((await postForm(t.app, `/papers/${id}/upvote`, { csrf: u.csrf, up: String(i % 2) }, u.cookie, { Accept: 'application/json' })).status, 200);
      const res = await postForm(t.app, `/papers/${id}/upvote`, { csrf: u.csrf, up: '1' }, u.cookie, { Accept: 'application/json' });
      assert.equal(res.status, 429);
      assert.ok(Number(res.headers.get('retry-after')) > 0);
    } finally {
      t.cleanup();
    }
  });
});
