import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anonForm, communityApp, makeUser, postForm } from '../community/communityHelpers.ts';
import { forEachBackend, rawValue } from '../helpers/backends.ts';

const PAGES = ['/', '/papers/trending', '/search?q=attention', '/login', '/signup', '/nope', '/api/daily_papers', '/api/nope', '/static/app.js', '/papers/trending.rss', '/openapi.json', '/healthz'];

forEachBackend((backend) => {
  test(`every response carries the secure headers: a CSP without inline script that forbids framing, nosniff, DENY (${backend})`, async () => {
    const t = await communityApp({ backend });
    try {
      const user = await makeUser(t, 'headers');
      for (const path of PAGES) {
        for (const cookie of ['', user.cookie]) {
          const res = await t.app.request(path, { headers: { Cookie: cookie } });
          const csp = res.headers.get('content-security-policy') ?? '';
          const scriptSrc = /script-src ([^;]+)/.exec(csp)?.[1] ?? /default-src ([^;]+)/.exec(csp)?.[1] ?? '';
          assert.match(csp, /frame-ancestors 'none'/, path);
          assert.ok(scriptSrc && !scriptSrc.includes('unsafe-inline') && !scriptSrc.includes('unsafe-eval'), `${path}: ${csp}`);
          assert.match(csp, /object-src 'none'/);
          assert.match(csp, /base-uri 'self'/);
          assert.equal(res.headers.get('x-frame-options'), 'DENY', path);
          assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
          assert.ok(res.headers.get('referrer-policy'), path);
        }
      }
    } finally {
      t.cleanup();
    }
  });

  test(`pages hold no inline script or event handler attribute (the CSP would block them anyway) (${backend})`, async () => {
    const t = await communityApp({ backend });
    try {
      const user = await makeUser(t, 'inline');
      const paper = (await rawValue(t.store, 'SELECT id FROM papers ORDER BY id LIMIT 1')) as string;
      for (const path of ['/', `/papers/${paper}`, '/search?q=model', '/login', '/settings', '/papers/trending']) {
        const html = await (await t.app.request(path, { headers: { Cookie: user.cookie } })).text();
        assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/i, `${path} has an inline script`);
        assert.doesNotMatch(html, /<[^>]+\son[a-z]+\s*=/i, `${path} has an event handler attribute`);
      }
    } finally {
      t.cleanup();
    }
  });

  test(`session fixation: signing in issues a fresh session token, never one the client brought, and sign-out ends it (${backend})`, async () => {
    const t = await communityApp({ backend });
    try {
      const user = await makeUser(t, 'fixated');
      const planted = 'pw_session=attacker-chosen-token';
      const form = await anonForm(t.app, '/login');
      const res = await postForm(t.app, '/login', { csrf: form.csrf, login: 'fixated', password: 'correct horse battery' }, `${form.cookie}; ${planted}`);
      assert.equal(res.status, 303);
      const session = /pw_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
      assert.ok(session && session !== 'attacker-chosen-token' && `pw_session=${session}` !== user.cookie, 'a new token');
      assert.match(res.headers.get('set-cookie')!, /HttpOnly/i);
      assert.match(res.headers.get('set-cookie')!, /SameSite=Lax/i);
      const planted2 = await t.app.request('/settings', { headers: { Cookie: planted } });
      assert.notEqual(planted2.status, 200, 'an unknown token is no session');
      const settings = await t.app.request('/settings', { headers: { Cookie: `pw_session=${session}` } });
      assert.equal(settings.status, 200);
      const csrf = /name="csrf" value="([^"]+)"/.exec(await settings.text())![1]!;
      assert.equal((await postForm(t.app, '/logout', { csrf }, `pw_session=${session}`)).status, 303);
      assert.notEqual((await t.app.request('/settings', { headers: { Cookie: `pw_session=${session}` } })).status, 200, 'the token died with sign-out');
    } finally {
      t.cleanup();
    }
  });

  test(`CSRF: state-changing forms refuse a missing, forged or other user's token (${backend})`, async () => {
    const t = await communityApp({ backend });
    try {
      const a = await makeUser(t, 'alice');
      const b = await makeUser(t, 'bob');
      const paper = (await rawValue(t.store, 'SELECT id FROM papers ORDER BY id LIMIT 1')) as string;
      for (const csrf of [undefined, '', 'forged', b.csrf]) {
        const fields: Record<string, string> = { body: 'hello' };
        if (csrf !== undefined) fields.csrf = csrf;
        const res = await postForm(t.app, `/papers/${paper}/comments`, fields, a.cookie);
        assert.equal(res.status, 403, `csrf=${csrf}`);
      }
      assert.equal(Number(await rawValue(t.store, 'SELECT count(*) FROM comments')), 0);
      assert.equal((await postForm(t.app, '/logout', {}, a.cookie)).status, 403);
    } finally {
      t.cleanup();
    }
  });

  test(`open redirects: next= never leads off the site (${backend})`, async () => {
    const t = await communityApp({ backend });
    try {
      await makeUser(t, 'redirected');
      for (const next of ['https://evil.example/', '//evil.example', '/\\evil.example', '\\\\evil.example', 'javascript:alert(1)', '/%2F%2Fevil.example', ' //evil.example', 'https:evil.example']) {
        const form = await anonForm(t.app, `/login?next=${encodeURIComponent(next)}`);
        const res = await postForm(t.app, '/login', { csrf: form.csrf, login: 'redirected', password: 'correct horse battery', next }, form.cookie);
        const location = res.headers.get('location') ?? '';
        assert.equal(res.status, 303);
        const resolved = new URL(location, 'http://paperwire.local/');
        assert.equal(resolved.origin, 'http://paperwire.local', `${next} → ${location}`);
        assert.ok(!/^\s*[/\\]{2}/.test(location) && !/^\/\\/.test(location), `${next} → ${location}`);
      }
    } finally {
      t.cleanup();
    }
  });

  test(`secrets never reach the log: passwords, session tokens, API tokens and the signing secret (${backend})`, async () => {
    const t = await communityApp({ backend });
    try {
      const form = await anonForm(t.app, '/signup');
      await postForm(t.app, '/signup', { csrf: form.csrf, username: 'logged', email: 'logged@example.org', password: 'very secret passphrase 42' }, form.cookie);
      const login = await anonForm(t.app, '/login');
      await postForm(t.app, '/login', { csrf: login.csrf, login: 'logged', password: 'wrong secret passphrase 43' }, login.cookie);
      const user = await makeUser(t, 'tokens');
      await t.app.request('/api/papers/nope/upvote', { method: 'POST', headers: { Authorization: 'Bearer pw_notreal-token-value' } });
      const text = t.logs.join('\n');
      for (const secret of ['very secret passphrase 42', 'wrong secret passphrase 43', user.cookie.slice('pw_session='.length), 'pw_notreal-token-value', t.config.secret]) {
        assert.ok(!text.includes(secret), `the log holds ${secret.slice(0, 12)}…`);
      }
    } finally {
      t.cleanup();
    }
  });
});
