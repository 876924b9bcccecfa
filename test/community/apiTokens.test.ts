import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sha256 } from '../../src/community/secrets.ts';
import { anonForm, communityApp, linkIn, makeUser, outbox, postForm } from './communityHelpers.ts';
import { forEachBackend } from '../helpers/backends.ts';

const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });
const tokenIn = (page: string) => /<code class="token">(pw_[\w-]+)<\/code>/.exec(page)?.[1];

forEachBackend((backend) => {
  test(`an unverified account cannot create API tokens; the settings page says why (${backend})`, async () => {
    const t = await communityApp({ backend, demo: false });
    try {
      const squatter = await makeUser(t, 'squatter', 'user', false);
      const res = await postForm(t.app, '/settings/tokens', { csrf: squatter.csrf, name: 'sleeper', days: '0' }, squatter.cookie);
      assert.equal(res.status, 403);
      const page = await res.text();
      assert.match(page, /Confirm your email address before creating API tokens/);
      assert.equal(tokenIn(page), undefined);
      assert.equal((await t.store.accounts.listApiTokens(squatter.id)).length, 0);
    } finally {
      t.cleanup();
    }
  });

  test(`a password reset deletes the API tokens someone made before it; so does a password change (${backend})`, async () => {
    const t = await communityApp({ backend, demo: false });
    try {
      const owner = await makeUser(t, 'owner');
      // a token made while someone else held the account (e.g. an attacker who signed up with this address)
      const planted = 'pw_planted-token-from-before-the-reset-000000';
      await t.store.accounts.createApiToken(owner.id, 'sleeper', sha256(planted), planted.slice(0, 9));
      assert.equal((await t.app.request('/api/collections', bearer(planted))).status, 200, 'the token works before the reset');

      const r = await anonForm(t.app, '/reset');
      await postForm(t.app, '/reset', { csrf: r.csrf, email: 'owner@example.org' }, r.cookie);
      const link = new URL(linkIn((await outbox(t.dir))[0]!, '/reset/confirm?token=')!);
      const reset = await postForm(t.app, '/reset/confirm', { csrf: r.csrf, token: link.searchParams.get('token')!, password: 'the rightful password' }, r.cookie);
      assert.equal(reset.status, 200);
      assert.match(await reset.text(), /API tokens were deleted/);
      assert.equal((await t.app.request('/api/collections', bearer(planted))).status, 401, 'the planted token is dead after the reset');

      const me = await makeSession(t, owner.id);
      const made = await postForm(t.app, '/settings/tokens', { csrf: me.csrf, name: 'mine', days: '0' }, me.cookie);
      const mine = tokenIn(await made.text())!;
      assert.equal((await t.app.request('/api/collections', bearer(mine))).status, 200);
      const changed = await postForm(t.app, '/settings/password', { csrf: me.csrf, current: 'the rightful password', password: 'an even newer password' }, me.cookie);
      assert.equal(changed.status, 200);
      assert.match(await changed.text(), /API tokens deleted/);
      assert.equal((await t.app.request('/api/collections', bearer(mine))).status, 401, 'a password change ends tokens too');
      assert.equal((await t.store.accounts.listApiTokens(owner.id)).length, 0);
    } finally {
      t.cleanup();
    }
  });

  test(`tokens carry the expiry chosen at creation, stop at it, and settings shows expiry and last use (${backend})`, async () => {
    const t = await communityApp({ backend, demo: false });
    try {
      const u = await makeUser(t, 'expiring');
      const bad = await postForm(t.app, '/settings/tokens', { csrf: u.csrf, name: 'odd', days: '7' }, u.cookie);
      assert.equal(bad.status, 422);
      const made = await postForm(t.app, '/settings/tokens', { csrf: u.csrf, name: 'month', days: '30' }, u.cookie);
      const secret = tokenIn(await made.text())!;
      const [token] = await t.store.accounts.listApiTokens(u.id);
      const days = (Date.parse(token!.expiresAt!) - Date.now()) / 86_400_000;
      assert.ok(days > 29.9 && days <= 30, `expires in ${days} days`);
      assert.equal((await t.app.request('/api/collections', bearer(secret))).status, 200);
      const page = await (await t.app.request('/settings', { headers: { Cookie: u.cookie } })).text();
      assert.match(page, new RegExp(`expires ${token!.expiresAt!.slice(0, 10)}`));
      assert.match(page, new RegExp(`last used ${new Date().toISOString().slice(0, 10)} \\d\\d:\\d\\d UTC`));

      const old = 'pw_expired-token-0000000000000000000000000000';
      await t.store.accounts.createApiToken(u.id, 'old', sha256(old), old.slice(0, 9), { expiresAt: new Date(Date.now() - 1000).toISOString() });
      assert.equal((await t.app.request('/api/collections', bearer(old))).status, 401, 'an expired token is refused');
      assert.match(await (await t.app.request('/settings', { headers: { Cookie: u.cookie } })).text(), /expired \d{4}-\d\d-\d\d/);
    } finally {
      t.cleanup();
    }
  });

  async function makeSession(t: Awaited<ReturnType<typeof communityApp>>, userId: number) {
    const { openSession } = await import('../../src/community/accounts.ts');
    const { sessionCsrf } = await import('../../src/http/csrf.ts');
    const token = await openSession(t.cd, userId);
    return { cookie: `pw_session=${token}`, csrf: sessionCsrf(t.config.secret, token) };
  }
});
