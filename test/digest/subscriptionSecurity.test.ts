import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { requestSubscription } from '../../src/digest/subscriptions.ts';
import { savedSearchFeedUrl, unsubscribeUrl } from '../../src/digest/subscriberLinks.ts';
import { createToken, readToken } from '../../src/digest/tokens.ts';
import { hmac } from '../../src/community/secrets.ts';
import { sessionCsrf } from '../../src/http/csrf.ts';
import { anonForm, communityApp, linkIn, makeUser, outbox, postForm } from '../community/communityHelpers.ts';
import { execRaw, forEachBackend } from '../helpers/backends.ts';

type T = Awaited<ReturnType<typeof communityApp>>;
const digestDeps = (t: T) => ({ store: t.store, mailer: t.cd.mailer, config: t.config, log: t.cd.log });
const pathOf = (url: string) => new URL(url).pathname + new URL(url).search;

/** Lets the ten minutes between two confirmation mails to one address pass. */
const letResendPass = (t: T) => execRaw(t.store, "UPDATE subscribers SET confirm_sent_at = '2000-01-01T00:00:00.000Z'");

/** Confirms a subscription the way its owner does: opens the mailed link, presses the button. */
async function confirmFromMail(t: T, mail: string): Promise<Response> {
  const link = linkIn(mail, '/subscribe/confirm?t=')!;
  const form = await anonForm(t.app, pathOf(link));
  return postForm(t.app, '/subscribe/confirm', { csrf: form.csrf, t: new URL(link).searchParams.get('t')! }, form.cookie);
}

/** The token an unsubscribe or feed link carried before per-purpose keys: an HMAC under the secret itself. */
function legacyToken(secret: string, purpose: string, fields: (string | number)[]): string {
  const payload = Buffer.from(fields.join('\n'), 'utf8').toString('base64url');
  return `${payload}.${createHmac('sha256', secret).update(`paperwire/${purpose}\n${payload}`).digest().subarray(0, 18).toString('base64url')}`;
}

forEachBackend((backend) => {
  test(`a signed-in user cannot take over someone else's confirmed subscription from /settings/digest (${backend})`, async () => {
    const t = await communityApp({ backend, demo: false });
    try {
      await requestSubscription(digestDeps(t), { email: 'victim@example.net', frequency: 'daily' });
      assert.match(await (await confirmFromMail(t, (await outbox(t.dir, 1))[0]!)).text(), /You are subscribed/);
      const victim = (await t.store.subscribers.byEmail('victim@example.net'))!;
      assert.equal(victim.status, 'active');

      await letResendPass(t);
      const attacker = await makeUser(t, 'mallory');
      const res = await postForm(t.app, '/settings/digest', { csrf: attacker.csrf, email: 'victim@example.net', frequency: 'none' }, attacker.cookie);
      assert.equal(res.status, 303, 'POST-redirect-GET, as every settings form');
      assert.equal((await t.store.subscribers.byEmail('victim@example.net'))!.userId, undefined, 'the subscription did not join the attacker');
      assert.equal(await t.store.subscribers.byUser(attacker.id), undefined);
      await postForm(t.app, '/settings/digest/unsubscribe', { csrf: attacker.csrf }, attacker.cookie);
      await postForm(t.app, '/settings/digest/frequency', { csrf: attacker.csrf, frequency: 'none' }, attacker.cookie);
      const after = (await t.store.subscribers.byEmail('victim@example.net'))!;
      assert.deepEqual([after.status, after.frequency], ['active', 'daily'], 'the attacker can neither stop nor change it');

      // the victim's mailbox gets a link naming the account; only pressing its button would tie the two
      const mails = await outbox(t.dir, 2);
      assert.match(mails[1]!, /@mallory/);
      const link = linkIn(mails[1]!, '/subscribe/confirm?t=')!;
      assert.match(await (await t.app.request(pathOf(link))).text(), /ties this address to the paperwire account <strong>@mallory<\/strong>/);
      assert.equal((await t.store.subscribers.byEmail('victim@example.net'))!.userId, undefined, 'opening the link ties nothing');
    } finally {
      t.cleanup();
    }
  });

  test(`a subscription joins an account from the mailbox, or at once for the account's own verified address (${backend})`, async () => {
    const t = await communityApp({ backend, demo: false });
    try {
      const verified = await makeUser(t, 'vera');
      await postForm(t.app, '/settings/digest', { csrf: verified.csrf, email: 'vera@example.org', frequency: 'weekly' }, verified.cookie);
      assert.equal((await t.store.subscribers.byUser(verified.id))?.status, 'active', 'the verified address needs no mail');

      const unverified = await makeUser(t, 'uma', 'user', false);
      await postForm(t.app, '/settings/digest', { csrf: unverified.csrf, email: 'uma@example.org', frequency: 'daily' }, unverified.cookie);
      assert.equal(await t.store.subscribers.byUser(unverified.id), undefined, 'an unverified address joins only after confirming');
      assert.match(await (await confirmFromMail(t, (await outbox(t.dir, 1))[0]!)).text(), /You are subscribed/);
      const joined = await t.store.subscribers.byUser(unverified.id);
      assert.deepEqual([joined?.email, joined?.status], ['uma@example.org', 'active']);
    } finally {
      t.cleanup();
    }
  });

  test(`a confirmation link is superseded by the next one and is dead once the address unsubscribes (${backend})`, async () => {
    const t = await communityApp({ backend, demo: false });
    try {
      const deps = digestDeps(t);
      await requestSubscription(deps, { email: 'cy@example.net', frequency: 'daily' });
      const first = (await outbox(t.dir, 1))[0]!;
      await letResendPass(t);
      await requestSubscription(deps, { email: 'cy@example.net', frequency: 'weekly' });
      const second = (await outbox(t.dir, 2))[1]!;
      assert.equal((await confirmFromMail(t, first)).status, 400, 'only the link mailed last works');
      assert.equal((await confirmFromMail(t, second)).status, 200);
      const sub = (await t.store.subscribers.byEmail('cy@example.net'))!;
      assert.deepEqual([sub.status, sub.frequency], ['active', 'weekly']);
      await t.store.subscribers.unsubscribe(sub.id);
      const link = linkIn(second, '/subscribe/confirm?t=')!;
      assert.equal((await t.app.request(pathOf(link))).status, 400, 'the page says the link is dead');
      const form = await anonForm(t.app, '/subscribe');
      assert.equal((await postForm(t.app, '/subscribe/confirm', { csrf: form.csrf, t: new URL(link).searchParams.get('t')! }, form.cookie)).status, 400);
      assert.equal((await t.store.subscribers.get(sub.id))!.status, 'unsubscribed');
    } finally {
      t.cleanup();
    }
  });

  test(`unsubscribe links and private feed addresses rotate from the settings page; old ones stop working (${backend})`, async () => {
    const t = await communityApp({ backend, demo: false });
    try {
      const u = await makeUser(t, 'rota');
      await postForm(t.app, '/settings/digest', { csrf: u.csrf, email: 'rota@example.org', frequency: 'daily' }, u.cookie);
      const before = (await t.store.subscribers.byUser(u.id))!;
      const oldUnsub = pathOf(unsubscribeUrl(t.config, before));
      const legacyUnsub = `/unsubscribe?t=${legacyToken(t.config.secret, 'unsubscribe', [before.id, 'rota@example.org'])}`;
      assert.equal((await t.app.request(oldUnsub)).status, 200);
      assert.equal((await t.app.request(legacyUnsub)).status, 200, 'links from mails sent before per-purpose keys still work…');
      const rotated = await postForm(t.app, '/settings/digest/rotate', { csrf: u.csrf }, u.cookie);
      assert.match(await rotated.text(), /unsubscribe link was replaced/);
      const oneClick = { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } };
      assert.equal((await t.app.request(oldUnsub, oneClick)).status, 400, 'the old unsubscribe link is dead');
      assert.equal((await t.app.request(legacyUnsub, oneClick)).status, 400, '…until the first rotation');
      assert.equal((await t.store.subscribers.get(before.id))!.status, 'active');
      const fresh = pathOf(unsubscribeUrl(t.config, (await t.store.subscribers.get(before.id))!));
      assert.equal((await t.app.request(fresh, oneClick)).status, 200);
      assert.equal((await t.store.subscribers.get(before.id))!.status, 'unsubscribed');

      await postForm(t.app, '/settings/searches', { csrf: u.csrf, query: 'diffusion', delivery: 'feed' }, u.cookie);
      const [search] = await t.store.savedSearches.listByUser(u.id);
      const feedOf = async () => /href="(https?:\/\/[^"\/]+\/feeds\/searches\/[^"]+\.atom)"/.exec(await (await t.app.request('/settings/digest', { headers: { Cookie: u.cookie } })).text())![1]!;
      const oldFeed = pathOf(await feedOf());
      const legacyFeed = `/feeds/searches/${legacyToken(t.config.secret, 'feed', [search!.id, u.id])}.atom`;
      assert.equal((await t.app.request(oldFeed)).status, 200);
      assert.equal((await t.app.request(legacyFeed)).status, 200);
      assert.equal((await postForm(t.app, `/settings/searches/${search!.id}/rotate`, { csrf: u.csrf }, u.cookie)).status, 200);
      assert.equal((await t.app.request(oldFeed)).status, 404, 'the old feed address is dead');
      assert.equal((await t.app.request(legacyFeed)).status, 404);
      const newFeed = pathOf(await feedOf());
      assert.notEqual(newFeed, oldFeed);
      assert.equal((await t.app.request(newFeed)).status, 200);
      assert.equal(pathOf(savedSearchFeedUrl(t.config, (await t.store.savedSearches.get(search!.id))!)), newFeed);
      const other = await makeUser(t, 'other');
      assert.equal((await postForm(t.app, `/settings/searches/${search!.id}/rotate`, { csrf: other.csrf }, other.cookie)).status, 404, "no rotating someone else's feed");
    } finally {
      t.cleanup();
    }
  });
});

test('each purpose (tokens and CSRF) signs with its own key derived from the secret; the secret itself signs nothing new', () => {
  const secret = 's'.repeat(64);
  const token = createToken(secret, 'unsubscribe', [1, 'a@example.org', 0]);
  const [payload, sig] = token.split('.') as [string, string];
  assert.notEqual(sig, legacyToken(secret, 'unsubscribe', [1, 'a@example.org', 0]).split('.')[1], 'not an HMAC under the raw secret');
  assert.deepEqual(readToken(secret, 'unsubscribe', token), ['1', 'a@example.org', '0']);
  assert.equal(readToken(secret, 'feed', `${payload}.${sig}`), undefined);
  assert.equal(readToken(secret, 'unsubscribe', legacyToken(secret, 'unsubscribe', [1, 'a@example.org'])), undefined, 'old-style tokens only where a caller allows them');
  assert.notEqual(sessionCsrf(secret, 'session-token'), hmac(secret, 'csrf:session-token'), 'CSRF tokens use a derived key too');
  assert.equal(readToken(secret, 'confirm', legacyToken(secret, 'confirm', [1, 'a@example.org', 'daily', Date.now() + 1e6, '', 'n']), { legacy: false }), undefined);
});
