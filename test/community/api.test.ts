import assert from 'node:assert/strict';
import { test } from 'node:test';
import { communityApp, makeUser, postForm } from './communityHelpers.ts';
import { forEachBackend } from '../helpers/backends.ts';

forEachBackend((backend) => {
  const json = (token: string | undefined, body: unknown) => ({
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

  test(`personal access tokens: created in settings, shown once, stored hashed, revocable (${backend})`, async () => {
    const t = await communityApp({ backend,  demo: false });
    try {
      const u = await makeUser(t, 'api');
      const res = await postForm(t.app, '/settings/tokens', { csrf: u.csrf, name: 'my script' }, u.cookie);
      const page = await res.text();
      const token = /<code class="token">(pw_[\w-]+)<\/code>/.exec(page)?.[1];
      assert.ok(token);
      const { sha256 } = await import('../../src/community/secrets.ts');
      const rows = await t.store.accounts.listApiTokens(u.id);
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.prefix, token!.slice(0, 9));
      assert.equal((await t.store.accounts.apiTokenAccount(sha256(token!), new Date().toISOString()))?.id, u.id, 'found by its hash');
      assert.equal(await t.store.accounts.apiTokenAccount(token!, new Date().toISOString()), undefined, 'the secret itself is not stored');
      const again = await (await t.app.request('/settings', { headers: { Cookie: u.cookie } })).text();
      assert.ok(!again.includes(token!), 'shown once');
      const [{ id }] = await t.store.accounts.listApiTokens(u.id);
      await postForm(t.app, `/settings/tokens/${id}/delete`, { csrf: u.csrf }, u.cookie);
      await t.store.papers.upsert({ arxivId: '2611.00001', title: 'P', authors: [], publishedAt: '2026-11-20' });
      assert.equal((await t.app.request('/api/papers/2611.00001/upvote', json(token, {}))).status, 401);
    } finally {
      t.cleanup();
    }
  });

  test(`API: submit, upvote and comment with a token; errors are JSON with the right status (${backend})`, async () => {
    const t = await communityApp({ backend,  demo: false });
    try {
      const u = await makeUser(t, 'bot');
      const { createApiToken } = await import('../../src/community/accounts.ts');
      const { secret } = await createApiToken(t.cd, (await t.store.accounts.byId(u.id))!, 'ci');
      await t.store.papers.upsert({ arxivId: '2611.00001', title: 'Known', authors: ['A'], publishedAt: '2026-11-21' });

      let res = await t.app.request('/api/papers/submit', json(secret, { paper_id: '2611.00001', comment: 'via API' }));
      assert.equal(res.status, 200);
      let body = await res.json();
      assert.equal(body.status, 'added');
      assert.equal(body.paper.id, '2611.00001');
      assert.equal(body.paper.submittedOnDailyBy.user, 'bot');
      assert.equal(body.paper.numComments, 1);
      res = await t.app.request('/api/papers/submit', json(secret, { paper_id: '2611.00001' }));
      assert.equal((await res.json()).status, 'exists');

      res = await t.app.request('/api/papers/submit', json(secret, { paper_id: '2611.07777' }));
      assert.equal(res.status, 422);
      assert.match((await res.json()).error, /send its title/);
      res = await t.app.request('/api/papers/submit', json(secret, { paper_id: '2611.07777', title: 'Hand made', authors: ['Z'] }));
      assert.equal((await res.json()).paper.title, 'Hand made');

      res = await t.app.request('/api/papers/2611.00001/upvote', json(secret, {}));
      assert.deepEqual(await res.json(), { upvoted: true, upvotes: 1 });
      res = await t.app.request('/api/papers/2611.00001/upvote', json(secret, { up: false }));
      assert.deepEqual(await res.json(), { upvoted: false, upvotes: 0 });

      res = await t.app.request('/api/papers/2611.00001/comments', json(secret, { body: 'Nice *work*' }));
      assert.equal(res.status, 200);
      body = await res.json();
      assert.equal(body.html.trim(), '<p>Nice <em>work</em></p>');
      res = await t.app.request('/api/papers/2611.00001/comments', json(secret, { body: 'reply', parent_id: body.id }));
      assert.equal((await res.json()).parentId, body.id);
      res = await t.app.request('/api/papers/2611.00001/comments');
      const list = await res.json();
      assert.deepEqual(list.map((c: { body: string }) => c.body), ['via API', 'Nice *work*', 'reply']);

      for (const [path, init, status] of [
        ['/api/papers/submit', json(undefined, { paper_id: '2611.00001' }), 401],
        ['/api/papers/submit', json('pw_wrong', { paper_id: '2611.00001' }), 401],
        ['/api/papers/submit', json(secret, '{nope'), 400],
        ['/api/papers/submit', json(secret, {}), 400],
        ['/api/papers/2611.00001/upvote', json(secret, { up: 'yes' }), 400],
        ['/api/papers/2611.99999/upvote', json(secret, {}), 404],
        ['/api/papers/2611.00001/comments', json(secret, { body: '' }), 400],
        ['/api/papers/2611.99999/comments', { method: 'GET' }, 404],
      ] as const) {
        const r = await t.app.request(path, init as RequestInit);
        assert.equal(r.status, status, `${path} ${JSON.stringify(init)}`);
        assert.equal(typeof (await r.json()).error, 'string');
      }
    } finally {
      t.cleanup();
    }
  });

  test(`OpenAPI lists the community endpoints with bearer auth (${backend})`, async () => {
    const t = await communityApp({ backend,  demo: false });
    try {
      const doc = await (await t.app.request('/openapi.json')).json();
      assert.ok(doc.paths['/api/papers/submit'].post.security);
      assert.ok(doc.paths['/api/papers/{id}/upvote'].post);
      assert.ok(doc.paths['/api/papers/{id}/comments'].get);
      assert.ok(doc.paths['/api/papers/{id}/comments'].post.requestBody);
      assert.deepEqual(Object.keys(doc.paths['/api/papers/submit'].post.requestBody.content['application/json'].schema.properties).slice(0, 2), ['paper_id', 'comment']);
    } finally {
      t.cleanup();
    }
  });

  test(`anonymous API rate limit per address: RateLimit headers, then 429 with Retry-After; tokens are not counted (${backend})`, async () => {
    const t = await communityApp({ backend,  demo: false, env: { PAPERWIRE_API_RATE_LIMIT: '5' } });
    try {
      const from = (ip: string) => ({ incoming: { socket: { remoteAddress: ip } } });
      for (let i = 0; i < 5; i++) {
        const r = await t.app.request('/api/daily_papers', {}, from('10.0.0.1'));
        assert.equal(r.status, 200);
        assert.equal(r.headers.get('ratelimit-policy'), '"anonymous";q=5;w=300');
        assert.match(r.headers.get('ratelimit')!, new RegExp(`^"anonymous";r=${4 - i};t=\\d+$`));
      }
      const blocked = await t.app.request('/api/daily_papers', {}, from('10.0.0.1'));
      assert.equal(blocked.status, 429);
      assert.ok(Number(blocked.headers.get('retry-after')) > 0);
      assert.match((await blocked.json()).error, /limited to 5 requests per 5 minutes/);
      assert.equal((await t.app.request('/api/daily_papers', {}, from('10.0.0.2'))).status, 200, 'another address has its own budget');
      assert.equal((await t.app.request('/', {}, from('10.0.0.1'))).status, 200, 'pages are not API');
      const u = await makeUser(t, 'tok');
      const { createApiToken } = await import('../../src/community/accounts.ts');
      const { secret } = await createApiToken(t.cd, (await t.store.accounts.byId(u.id))!, 'ci');
      assert.equal((await t.app.request('/api/daily_papers', { headers: { Authorization: `Bearer ${secret}` } }, from('10.0.0.1'))).status, 200);
      assert.equal((await t.app.request('/api/daily_papers', { headers: { Authorization: 'Bearer pw_made_up' } }, from('10.0.0.1'))).status, 429, 'a made-up token does not escape the limit');
    } finally {
      t.cleanup();
    }
  });

  test(`token reads do not write: last use is recorded at most hourly, so the page cache survives API traffic (${backend})`, async () => {
    const t = await communityApp({ backend,  demo: false });
    try {
      const u = await makeUser(t, 'reader');
      const { createApiToken } = await import('../../src/community/accounts.ts');
      const { secret } = await createApiToken(t.cd, (await t.store.accounts.byId(u.id))!, 'ci');
      const auth = { headers: { Authorization: `Bearer ${secret}` } };
      await t.app.request('/api/daily_papers', auth);
      assert.ok((await t.store.accounts.listApiTokens(u.id))[0]!.lastUsedAt, 'first use recorded');
      const revision = t.store.revision();
      for (let i = 0; i < 5; i++) assert.equal((await t.app.request('/api/daily_papers', auth)).status, 200);
      assert.equal(t.store.revision(), revision);
    } finally {
      t.cleanup();
    }
  });
});
