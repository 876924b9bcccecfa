import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runDigest } from '../../src/digest/runDigest.ts';
import { createToken, readToken } from '../../src/digest/tokens.ts';
import { unsubscribeUrl } from '../../src/digest/subscriberLinks.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { createMailer } from '../../src/mail/mailer.ts';
import { testApp } from '../helpers/testApp.ts';
import { parseMail } from './rawMail.ts';
import { startSmtpSink } from './smtpSink.ts';
import { forEachBackend } from '../helpers/backends.ts';

forEachBackend((backend) => {
  type Ctx = Awaited<ReturnType<typeof testApp>>;

  /** The anonymous form's CSRF token and the cookie it is bound to. */
  async function formSession(t: Ctx) {
    const res = await t.app.request('/subscribe');
    assert.equal(res.status, 200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(await res.text())![1]!;
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    return { csrf, cookie };
  }

  const post = (t: Ctx, url: string, fields: Record<string, string>, cookie?: string) =>
    t.app.request(url, { method: 'POST', body: new URLSearchParams(fields), headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}) } });

  describe(`subscribe, confirm, receive, read and unsubscribe in one click (${backend})`, () => {
    let sink: Awaited<ReturnType<typeof startSmtpSink>>;
    let t: Ctx;
    let deps: Parameters<typeof runDigest>[0];

    before(async () => {
      sink = await startSmtpSink();
      t = await testApp({ backend,  demo: false, today: '2025-12-24', env: { PAPERWIRE_SMTP_URL: sink.url, PAPERWIRE_BASE_URL: 'https://papers.example.org' } });
      for (let i = 0; i < 14; i++) {
        const { id } = await t.store.papers.upsert({ arxivId: `2512.2${String(i).padStart(4, '0')}`, title: `Scaling <laws> & tokens, part ${i}`, abstract: `Long abstract sentence number ${i} about scaling. `.repeat(20), baseUpvotes: 100 - i });
        await t.store.daily.feature(id, '2025-12-23');
      }
      deps = { store: t.store, mailer: createMailer(t.config, createLogger('silent')), config: t.config, log: createLogger('silent') };
    });
    after(async () => {
      deps.mailer.close();
      t.cleanup();
      await sink.close();
    });

    it('refuses a form without its CSRF token, and a bad address with the form and a message', async () => {
      assert.equal((await post(t, '/subscribe', { email: 'x@example.org', frequency: 'daily' })).status, 403);
      const { csrf, cookie } = await formSession(t);
      const bad = await post(t, '/subscribe', { csrf, email: 'not-an-address', frequency: 'daily' }, cookie);
      assert.equal(bad.status, 400);
      const html = await bad.text();
      assert.match(html, /valid email/);
      assert.match(html, /value="not-an-address"/);
      assert.equal((await post(t, '/subscribe', { csrf, email: 'x@example.org', frequency: 'hourly' }, cookie)).status, 400);
      assert.equal(sink.received.length, 0);
    });

    it('runs the whole journey over real SMTP', async () => {
      const { csrf, cookie } = await formSession(t);
      const res = await post(t, '/subscribe', { csrf, email: 'Ada@Example.org', frequency: 'daily' }, cookie);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /Check your inbox/);
      await sink.waitFor(1);
      const confirmation = parseMail(sink.received[0]!.raw);
      assert.equal(confirmation.headers.get('subject'), 'Confirm your paperwire subscription');
      const link = /https:\/\/papers\.example\.org(\/subscribe\/confirm\?t=\S+)/.exec(confirmation.text)![1]!;

      const again = await post(t, '/subscribe', { csrf, email: 'ada@example.org', frequency: 'daily' }, cookie);
      assert.equal(again.status, 200, 'the same answer whatever the state of the address');
      assert.equal(sink.received.length, 1, 'no second confirmation within ten minutes');

      assert.equal((await runDigest(deps, { frequency: 'daily', today: '2025-12-24', size: 10 })).recorded, 0, 'nothing before confirmation');
      assert.equal((await t.app.request(link.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A')))).status, 400, 'a tampered link is refused');
    const opened = await t.app.request(link, { headers: { Cookie: cookie } });
    assert.equal(opened.status, 200);
    assert.match(await opened.text(), /<form method="post" action="\/subscribe\/confirm"/);
    assert.equal((await t.store.subscribers.byEmail('ada@example.org'))!.status, 'pending', 'opening the link (a mail scanner) confirms nothing');
    const token = new URL(link, 'https://papers.example.org').searchParams.get('t')!;
    assert.equal((await post(t, '/subscribe/confirm', { t: token }, cookie)).status, 403, 'the button carries a CSRF token');
    const confirmed = await post(t, '/subscribe/confirm', { csrf, t: token }, cookie);
      assert.equal(confirmed.status, 200);
      assert.match(await confirmed.text(), /You are subscribed/);
    assert.equal((await post(t, '/subscribe/confirm', { csrf, t: token }, cookie)).status, 400, 'the confirmation link works once');

      const run = await runDigest(deps, { frequency: 'daily', today: '2025-12-24', size: 10 });
      assert.equal(run.period, 'day:2025-12-23');
      assert.deepEqual([run.recorded, run.delivery?.sent], [1, 1]);
      await sink.waitFor(2);
      const digest = parseMail(sink.received[1]!.raw);
      assert.equal(sink.received[1]!.to[0]!.toLowerCase(), 'ada@example.org');
      assert.equal(digest.headers.get('subject'), 'Top papers of Tue, Dec 23, 2025 · paperwire');
      assert.equal(digest.headers.get('list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
      const unsubscribe = /^<(https:\/\/papers\.example\.org\/unsubscribe\?t=[^>]+)>$/.exec(digest.headers.get('list-unsubscribe')!)![1]!;
      assert.match(digest.headers.get('message-id')!, /^<day\.2025-12-23\.\d+\.[0-9a-f]+@papers\.example\.org>$/);
      const order = [...digest.text.matchAll(/^(\d+)\. Scaling <laws> & tokens, part (\d+)$/gm)].map((m) => Number(m[2]));
      assert.deepEqual(order, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 'the ten most upvoted, in order, in the text part');
      assert.match(digest.text, /▲ 100 upvotes/);
      assert.match(digest.text, /…/, 'abstracts are shortened');
      assert.match(digest.html, /Scaling &lt;laws&gt; &amp; tokens, part 0/, 'titles are escaped in HTML');
      assert.ok(digest.html.includes(unsubscribe.replace(/&/g, '&amp;')), 'a visible unsubscribe link');
      assert.match(digest.html, /name="viewport"/);

      const path = unsubscribe.slice('https://papers.example.org'.length);
      const page = await t.app.request(path);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /Unsubscribe/);
      assert.equal((await t.store.subscribers.byEmail('ada@example.org'))!.status, 'active', 'opening the link alone unsubscribes no one');

      const oneClick = await t.app.request(path, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
      assert.equal(oneClick.status, 200, 'no cookie, no CSRF token, no sign-in needed');
      assert.equal((await t.store.subscribers.byEmail('ada@example.org'))!.status, 'unsubscribed');
    assert.equal((await t.app.request(link)).status, 400, 'the old confirmation link is dead after unsubscribing');
    assert.equal((await post(t, '/subscribe/confirm', { csrf, t: token }, cookie)).status, 400);
    assert.equal((await t.store.subscribers.byEmail('ada@example.org'))!.status, 'unsubscribed', 'an old link never re-subscribes');

      const { id } = await t.store.papers.upsert({ arxivId: '2512.29999', title: 'A paper of the next day' });
      await t.store.daily.feature(id, '2025-12-24');
      const next = await runDigest(deps, { frequency: 'daily', today: '2025-12-25', size: 10 });
      assert.equal(next.period, 'day:2025-12-24');
      assert.equal(next.recorded, 0);
      assert.equal(sink.received.length, 2, 'nothing after unsubscribing');
    });

    it('sends weekly digests for the last complete week and none on weekends', async () => {
      const sub = await t.store.subscribers.ensure('weekly@example.org', 'weekly');
      await t.store.subscribers.activate(sub.id, 'weekly');
      assert.match((await runDigest(deps, { frequency: 'daily', today: '2025-12-27', size: 10 })).skipped!, /weekend/);
      const weekly = await runDigest(deps, { frequency: 'weekly', today: '2025-12-29', size: 10 });
      assert.equal(weekly.period, 'week:2025-W52');
      assert.equal(weekly.delivery?.sent, 1);
      assert.equal((await runDigest(deps, { frequency: 'weekly', today: '2025-12-30', size: 10 })).recorded, 0, 'one weekly digest per week');
      const mail = parseMail(sink.received.at(-1)!.raw);
      assert.equal(sink.received.at(-1)!.to[0], 'weekly@example.org');
      assert.match(mail.headers.get('subject')!, /Week 52 of 2025/);
    });

    it('tokens cannot be forged, reused for another purpose, or moved to another address', async () => {
      const a = await t.store.subscribers.ensure('a@example.org', 'daily');
      const b = await t.store.subscribers.ensure('b@example.org', 'daily');
      await t.store.subscribers.activate(a.id, 'daily');
      await t.store.subscribers.activate(b.id, 'daily');
      const secret = t.config.secret;
      const good = createToken(secret, 'unsubscribe', [a.id, 'a@example.org']);
      assert.deepEqual(readToken(secret, 'unsubscribe', good), [String(a.id), 'a@example.org']);
      assert.equal(readToken(secret, 'confirm', good), undefined, 'single purpose');
      assert.equal(readToken('y'.repeat(64), 'unsubscribe', good), undefined, 'needs the server secret');
      const [, sig] = good.split('.');
      const moved = `${Buffer.from(`${b.id}\nb@example.org`).toString('base64url')}.${sig}`;
      const mismatched = createToken(secret, 'unsubscribe', [b.id, 'a@example.org']);
      const asConfirm = createToken(secret, 'confirm', [a.id, 'a@example.org', 'daily', Date.now() + 1e6]);
      for (const token of [moved, mismatched, asConfirm, 'garbage', '', `${good}x`]) {
        const res = await t.app.request(`/unsubscribe?t=${encodeURIComponent(token)}`, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
        assert.equal(res.status, 400, token);
      }
      const expired = createToken(secret, 'confirm', [a.id, 'a@example.org', 'weekly', Date.now() - 1]);
      assert.equal((await t.app.request(`/subscribe/confirm?t=${expired}`)).status, 400);
    const { csrf, cookie } = await formSession(t);
    assert.equal((await post(t, '/subscribe/confirm', { csrf, t: expired }, cookie)).status, 400);
      assert.equal((await t.app.request('/subscribe/confirm')).status, 400);
      assert.equal((await t.store.subscribers.get(a.id))!.status, 'active');
      assert.equal((await t.store.subscribers.get(b.id))!.status, 'active');
      const real = await t.app.request(unsubscribeUrl(t.config, b).slice(t.config.baseUrl.length), { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
      assert.equal(real.status, 200);
      assert.equal((await t.store.subscribers.get(b.id))!.status, 'unsubscribed');
      assert.equal((await t.store.subscribers.get(a.id))!.status, 'active');
    });
  });
});
