import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anonForm, communityApp, linkIn, makeUser, outbox, postForm } from './communityHelpers.ts';
import { forEachBackend } from '../helpers/backends.ts';

forEachBackend((backend) => {
  test(`sign up, verify with the button behind the mailed link (no session opened), sign in, sign out (${backend})`, async () => {
    const t = await communityApp({ backend });
    try {
      const { cookie, csrf } = await anonForm(t.app, '/signup');
      assert.match(cookie, /^pw_anon=/);
      let res = await postForm(t.app, '/signup', { csrf, username: 'ada', email: 'Ada@Example.org', password: 'analytical engine' }, cookie);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /Check your inbox/);
      const [mail] = await outbox(t.dir);
      assert.match(mail!, /^To: ada@example.org$/m);
      const link = linkIn(mail!, '/verify?token=');
      assert.ok(link, 'the mail holds a verification link');
      const account = await t.store.accounts.byLogin('ada');
      assert.equal(account?.emailVerifiedAt, undefined);
      assert.notEqual(account?.passwordHash, 'analytical engine');
      assert.match(account!.passwordHash!, /^scrypt\$/);

      // opening the link shows a button and changes nothing: no session, not verified yet
      const opened = await t.app.request(new URL(link!).pathname + new URL(link!).search, { headers: { Cookie: cookie } });
      assert.equal(opened.status, 200);
      assert.ok(!(opened.headers.get('set-cookie') ?? '').includes('pw_session='), 'opening the link signs no one in');
      const form = await opened.text();
      assert.match(form, /<form method="post" action="\/verify"/);
      assert.equal((await t.store.accounts.byLogin('ada'))?.emailVerifiedAt, undefined, 'opening the link verifies nothing');
      const token = new URL(link!).searchParams.get('token')!;
      res = await postForm(t.app, '/verify', { csrf, token }, cookie);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /Email address confirmed/);
      assert.ok(!(res.headers.get('set-cookie') ?? '').includes('pw_session='), 'confirming opens no session');
      assert.ok((await t.store.accounts.byLogin('ada'))?.emailVerifiedAt);
      // the link works once
      assert.equal((await postForm(t.app, '/verify', { csrf, token }, cookie)).status, 400);
      assert.equal((await postForm(t.app, '/verify', { token }, cookie)).status, 403, 'the button carries a CSRF token');

      const signIn = await anonForm(t.app, '/login');
      res = await postForm(t.app, '/login', { csrf: signIn.csrf, login: 'ada', password: 'analytical engine' }, signIn.cookie);
      const setCookie = res.headers.get('set-cookie')!;
      assert.match(setCookie, /pw_session=/);
      assert.match(setCookie, /HttpOnly/);
      assert.match(setCookie, /SameSite=Lax/);
      const session = setCookie.split(';')[0]!;
      res = await t.app.request('/settings', { headers: { Cookie: session } });
      const page = await res.text();
      assert.doesNotMatch(page, /not confirmed yet/);
      assert.match(page, /@ada/);
      const signedIn = await t.app.request('/login?next=/papers/2611.00001', { headers: { Cookie: session } });
      assert.equal(signedIn.status, 303, 'a signed-in visitor skips the sign-in form');
      assert.equal(signedIn.headers.get('location'), '/papers/2611.00001');

      const sessionCsrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!;
      res = await postForm(t.app, '/logout', { csrf: sessionCsrf }, session);
      assert.equal(res.status, 303);
      res = await t.app.request('/settings', { headers: { Cookie: session } });
      assert.equal(res.status, 303, 'the session is gone server-side');

      const login = await anonForm(t.app, '/login');
      res = await postForm(t.app, '/login', { csrf: login.csrf, login: 'ADA@example.org', password: 'analytical engine', next: '/submit' }, login.cookie);
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), '/submit');
    } finally {
      t.cleanup();
    }
  });

  test(`no user enumeration: unknown user and wrong password get the same answer; a taken email looks like success (${backend})`, async () => {
    const t = await communityApp({ backend });
    try {
      await makeUser(t, 'bob');
      const f = await anonForm(t.app, '/login');
      const a = await postForm(t.app, '/login', { csrf: f.csrf, login: 'bob', password: 'wrong password!' }, f.cookie);
      const b = await postForm(t.app, '/login', { csrf: f.csrf, login: 'nobody-here', password: 'wrong password!' }, f.cookie);
      assert.equal(a.status, 401);
      assert.equal(b.status, a.status);
      const [ta, tb] = [await a.text(), await b.text()];
      assert.match(ta, /Wrong username, email or password/);
      assert.equal(ta.replace(/value="[^"]*"/g, ''), tb.replace(/value="[^"]*"/g, ''));

      const s = await anonForm(t.app, '/signup');
      const dup = await postForm(t.app, '/signup', { csrf: s.csrf, username: 'bobby', email: 'bob@example.org', password: 'another password' }, s.cookie);
      assert.equal(dup.status, 200);
      assert.match(await dup.text(), /Check your inbox/);
      const mails = await outbox(t.dir);
      assert.match(mails[0]!, /already has one/);
      assert.equal(await t.store.users.get('bobby'), undefined);

      const r = await anonForm(t.app, '/reset');
      const known = await postForm(t.app, '/reset', { csrf: r.csrf, email: 'bob@example.org' }, r.cookie);
      const unknown = await postForm(t.app, '/reset', { csrf: r.csrf, email: 'ghost@example.org' }, r.cookie);
      assert.equal(known.status, 200);
      assert.equal(await known.text(), await unknown.text());
    } finally {
      t.cleanup();
    }
  });

  test(`password reset: single-use link, signs out everywhere, new password works (${backend})`, async () => {
    const t = await communityApp({ backend });
    try {
      const dave = await makeUser(t, 'dave');
      const r = await anonForm(t.app, '/reset');
      await postForm(t.app, '/reset', { csrf: r.csrf, email: 'dave@example.org' }, r.cookie);
      const [mail] = await outbox(t.dir);
      const link = new URL(linkIn(mail!, '/reset/confirm?token=')!);
      const token = link.searchParams.get('token')!;
      const page = await t.app.request(link.pathname + link.search);
      const cookie = (page.headers.get('set-cookie') ?? r.cookie).split(';')[0]!;
      const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())![1]!;
      let res = await postForm(t.app, '/reset/confirm', { csrf, token, password: 'short' }, cookie);
      assert.equal(res.status, 422);
      res = await postForm(t.app, '/reset/confirm', { csrf, token, password: 'a brand new password' }, cookie);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /Password changed/);
      res = await postForm(t.app, '/reset/confirm', { csrf, token, password: 'yet another password' }, cookie);
      assert.equal(res.status, 400, 'the link is single-use');
      assert.equal((await t.app.request('/settings', { headers: { Cookie: dave.cookie } })).status, 303, 'old sessions ended');
      const f = await anonForm(t.app, '/login');
      assert.equal((await postForm(t.app, '/login', { csrf: f.csrf, login: 'dave', password: 'a brand new password' }, f.cookie)).status, 303);
    } finally {
      t.cleanup();
    }
  });

  test(`an expired reset link is refused (${backend})`, async () => {
    const t = await communityApp({ backend });
    try {
      const u = await makeUser(t, 'erin');
      const { sha256 } = await import('../../src/community/secrets.ts');
      await t.store.accounts.createMailToken(sha256('old-token'), u.id, 'reset', new Date(Date.now() - 1000).toISOString());
      const f = await anonForm(t.app, '/reset/confirm?token=old-token');
      const res = await postForm(t.app, '/reset/confirm', { csrf: f.csrf, token: 'old-token', password: 'a brand new password' }, f.cookie);
      assert.equal(res.status, 400);
    } finally {
      t.cleanup();
    }
  });

  test(`CSRF: state-changing forms without a valid token are refused with 403 (${backend})`, async () => {
    const t = await communityApp({ backend });
    try {
      const u = await makeUser(t, 'frank');
      const paper = (await t.store.daily.list({ from: '0000-01-01', to: '9999-12-31' }, 'upvotes', { limit: 1, offset: 0 })).entries[0]!.paper;
      for (const [path, fields] of [
        [`/papers/${paper.id}/upvote`, { up: '1' }],
        [`/papers/${paper.id}/comments`, { body: 'hi' }],
        ['/submit', { ref: paper.id }],
        ['/logout', {}],
        ['/settings/tokens', { name: 'x' }],
      ] as const) {
        const none = await postForm(t.app, path, fields, u.cookie);
        assert.equal(none.status, 403, `${path} without a token`);
        const wrong = await postForm(t.app, path, { ...fields, csrf: 'forged' }, u.cookie);
        assert.equal(wrong.status, 403, `${path} with a forged token`);
      }
      assert.equal((await t.store.papers.get(paper.id))!.numComments, paper.numComments);
      const other = await makeUser(t, 'grace');
      assert.equal((await postForm(t.app, `/papers/${paper.id}/upvote`, { up: '1', csrf: other.csrf }, u.cookie)).status, 403, "another session's token");
      const anon = await postForm(t.app, '/login', { login: 'frank', password: 'correct horse battery' });
      assert.equal(anon.status, 403, 'sign-in needs the anonymous form token too');
    } finally {
      t.cleanup();
    }
  });

  test(`bad sign-up input gets 422 with a message, never a 500 (${backend})`, async () => {
    const t = await communityApp({ backend });
    try {
      const f = await anonForm(t.app, '/signup');
      for (const [fields, msg] of [
        [{ username: '<script>', email: 'a@b.org', password: 'long enough pw' }, /username must be/],
        [{ username: 'okname', email: 'not-an-email', password: 'long enough pw' }, /email address/],
        [{ username: 'okname', email: 'a@b.org', password: 'short' }, /at least 10/],
      ] as const) {
        const res = await postForm(t.app, '/signup', { csrf: f.csrf, ...fields }, f.cookie);
        assert.equal(res.status, 422);
        const body = await res.text();
        assert.match(body, msg);
        assert.doesNotMatch(body, /<script>/);
      }
    } finally {
      t.cleanup();
    }
  });

  test(`the hourly purge removes expired sessions and used or expired mail links, and nothing live (${backend})`, async () => {
    const t = await communityApp({ backend, demo: false });
    try {
      const live = await makeUser(t, 'live');
      const { sha256 } = await import('../../src/community/secrets.ts');
      const { communityJobs } = await import('../../src/community/communityJobs.ts');
      const past = new Date(Date.now() - 1000).toISOString();
      const future = new Date(Date.now() + 3600_000).toISOString();
      await t.store.accounts.createSession(sha256('old-session'), live.id, past);
      await t.store.accounts.createMailToken(sha256('expired'), live.id, 'verify', past);
      await t.store.accounts.createMailToken(sha256('used'), live.id, 'reset', future);
      await t.store.accounts.useMailToken(sha256('used'), 'reset', new Date().toISOString());
      await t.store.accounts.createMailToken(sha256('fresh'), live.id, 'reset', future);
      await communityJobs(t.store, t.cd.log)[0]!.run(new AbortController().signal);
      const longAgo = new Date(Date.now() - 3600_000).toISOString();
      assert.equal(await t.store.accounts.sessionAccount(sha256('old-session'), longAgo), undefined, 'the expired session is gone, not just expired');
      assert.equal(await t.store.accounts.purgeExpired(new Date().toISOString()), 0, 'nothing expired or used is left');
      assert.equal(await t.store.accounts.useMailToken(sha256('fresh'), 'reset', new Date().toISOString()), live.id, 'the fresh link stays');
      assert.equal((await t.app.request('/settings', { headers: { Cookie: live.cookie } })).status, 200);
    } finally {
      t.cleanup();
    }
  });

  test(`changing the password from settings needs the current one and signs out other sessions only (${backend})`, async () => {
    const t = await communityApp({ backend, demo: false });
    try {
      const u = await makeUser(t, 'changer');
      const { openSession } = await import('../../src/community/accounts.ts');
      const other = `pw_session=${await openSession(t.cd, u.id)}`;
      let res = await postForm(t.app, '/settings/password', { csrf: u.csrf, current: 'wrong one!!', password: 'the next password' }, u.cookie);
      assert.equal(res.status, 422);
      assert.match(await res.text(), /current password is not right/);
      res = await postForm(t.app, '/settings/password', { csrf: u.csrf, current: 'correct horse battery', password: 'the next password' }, u.cookie);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /Password changed/);
      assert.equal((await t.app.request('/settings', { headers: { Cookie: u.cookie } })).status, 200, 'this session stays');
      assert.equal((await t.app.request('/settings', { headers: { Cookie: other } })).status, 303, 'the other one ended');
      const f = await anonForm(t.app, '/login');
      assert.equal((await postForm(t.app, '/login', { csrf: f.csrf, login: 'changer', password: 'the next password' }, f.cookie)).status, 303);
    } finally {
      t.cleanup();
    }
  });

  test(`cookies are Secure when the site is served over https (${backend})`, async () => {
    const t = await communityApp({ backend, demo: false, env: { PAPERWIRE_BASE_URL: 'https://papers.example.org' } });
    try {
      await makeUser(t, 'secure');
      const f = await anonForm(t.app, '/login');
      const res = await postForm(t.app, '/login', { csrf: f.csrf, login: 'secure', password: 'correct horse battery' }, f.cookie);
      assert.equal(res.status, 303);
      assert.match(res.headers.get('set-cookie')!, /pw_session=[^;]+;.*Secure/);
      assert.match((await t.app.request('/login')).headers.get('set-cookie')!, /pw_anon=.*Secure/);
    } finally {
      t.cleanup();
    }
  });

  test(`an unverified account is told so in settings and can ask for a new link (${backend})`, async () => {
    const t = await communityApp({ backend, demo: false });
    try {
      const u = await makeUser(t, 'pending', 'user', false);
      const page = await (await t.app.request('/settings', { headers: { Cookie: u.cookie } })).text();
      assert.match(page, /not confirmed yet/);
      const res = await postForm(t.app, '/settings/verify', { csrf: u.csrf }, u.cookie);
      assert.match(await res.text(), /We sent a new confirmation link/);
      const [mail] = await outbox(t.dir);
      const link = new URL(linkIn(mail!, '/verify?token=')!);
      assert.equal((await t.app.request(link.pathname + link.search)).status, 200);
      assert.equal((await t.store.accounts.byId(u.id))!.emailVerifiedAt, undefined, 'opening the link alone verifies nothing');
      const res2 = await postForm(t.app, '/verify', { csrf: u.csrf, token: link.searchParams.get('token')! }, u.cookie);
      assert.equal(res2.status, 303, 'signed in: back to settings');
      assert.equal(res2.headers.get('location'), '/settings?verified=1');
      assert.ok((await t.store.accounts.byId(u.id))!.emailVerifiedAt);
    } finally {
      t.cleanup();
    }
  });

  test(`closed sign-up: the form and the post are refused (${backend})`, async () => {
    const t = await communityApp({ backend, demo: false, env: { PAPERWIRE_SIGNUP_OPEN: 'false' } });
    try {
      assert.equal((await t.app.request('/signup')).status, 403);
      const f = await anonForm(t.app, '/login');
      const res = await postForm(t.app, '/signup', { csrf: f.csrf, username: 'late', email: 'late@example.org', password: 'long enough pw' }, f.cookie);
      assert.equal(res.status, 403);
      assert.equal(await t.store.users.get('late'), undefined);
    } finally {
      t.cleanup();
    }
  });
});
