import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openSession, signUp } from '../../src/community/accounts.ts';
import { runDigest } from '../../src/digest/runDigest.ts';
import { runAlerts } from '../../src/digest/savedSearchAlerts.ts';
import { createToken } from '../../src/digest/tokens.ts';
import { sessionCsrf } from '../../src/http/csrf.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { createMailer } from '../../src/mail/mailer.ts';
import Parser from 'rss-parser';
import { testApp } from '../helpers/testApp.ts';
import { parseMail } from './rawMail.ts';
import { startSmtpSink } from './smtpSink.ts';
import { forEachBackend } from '../helpers/backends.ts';

forEachBackend((backend) => {
  type Ctx = Awaited<ReturnType<typeof testApp>>;

  describe(`saved searches: alerts by mail and a private feed (${backend})`, () => {
    let sink: Awaited<ReturnType<typeof startSmtpSink>>;
    let t: Ctx;
    let deps: Parameters<typeof runDigest>[0];
    const users: { id: number; cookie: string; csrf: string }[] = [];

    const post = (url: string, fields: Record<string, string>, user = users[0]!) =>
      t.app.request(url, { method: 'POST', body: new URLSearchParams({ csrf: user.csrf, ...fields }), headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: user.cookie } });
    const settingsPage = async (user = users[0]!) => (await t.app.request('/settings/digest', { headers: { Cookie: user.cookie } })).text();

    before(async () => {
      sink = await startSmtpSink();
      t = await testApp({ backend,  demo: false, today: '2025-12-24', env: { PAPERWIRE_SMTP_URL: sink.url } });
      const log = createLogger('silent');
      deps = { store: t.store, mailer: createMailer(t.config, log), config: t.config, log };
      const cd = { store: t.store, config: t.config, log, mailer: deps.mailer, today: () => '2025-12-24' };
      for (const name of ['grace', 'linus']) {
        const account = (await signUp(cd, { username: name, email: `${name}@example.org`, password: 'correct horse battery' }, { verified: true, skipMail: true }))!;
        const token = await openSession(cd, account.id);
        users.push({ id: account.id, cookie: `pw_session=${token}`, csrf: sessionCsrf(t.config.secret, token) });
      }
      const { id } = await t.store.papers.upsert({ arxivId: '2512.30001', title: 'Diffusion models for protein folding', abstract: 'An older diffusion paper.' });
      await t.store.daily.feature(id, '2025-12-22');
    });
    after(async () => {
      deps.mailer.close();
      t.cleanup();
      await sink.close();
    });

    it('needs a signed-in user, a CSRF token and valid input', async () => {
      const anon = await t.app.request('/settings/digest');
      assert.equal(anon.status, 303);
      assert.match(anon.headers.get('location')!, /\/login\?next=\/settings\/digest/);
      const noCsrf = await t.app.request('/settings/searches', { method: 'POST', body: new URLSearchParams({ query: 'x' }), headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: users[0]!.cookie } });
      assert.equal(noCsrf.status, 403);
      assert.equal((await post('/settings/searches', { query: '   ' })).status, 400);
      assert.equal((await post('/settings/searches', { query: 'x'.repeat(300) })).status, 400);
      assert.equal((await post('/settings/searches', { query: 'ok', minUpvotes: '-3' })).status, 400);
      assert.equal((await post('/settings/searches', { query: 'ok', delivery: 'carrier-pigeon' })).status, 400);
      assert.equal((await post('/settings/searches/999/delete', {})).status, 404);
      assert.equal((await post('/settings/searches/abc', { delivery: 'feed' })).status, 404);
    });

    it('mails new matches at once, only once, and lists them in the private feed', async () => {
      const subscribed = await post('/settings/digest', { email: 'grace@example.org', frequency: 'daily' });
    assert.equal(subscribed.status, 303, 'POST-redirect-GET');
    assert.match(await settingsPage().then(() => t.app.request(subscribed.headers.get('location')!, { headers: { Cookie: users[0]!.cookie } })).then((r) => r.text()), /needs no further confirmation/);
      assert.equal(sink.received.length, 0, "the account's confirmed address needs no confirmation mail");
    assert.equal((await post('/settings/searches', { query: 'diffusion', delivery: 'instant' })).status, 303);
      const page = await settingsPage();
      assert.match(page, /“diffusion”/);
      const feedPath = /href="http[^"]*?(\/feeds\/searches\/[^"]+\.atom)"/.exec(page)![1]!;

      assert.equal((await runAlerts(deps))!.recorded, 0, 'papers that matched when the search was saved are not mailed');
      await new Promise((r) => setTimeout(r, 5));
      const { id } = await t.store.papers.upsert({ arxivId: '2512.30002', title: 'Latent diffusion for weather forecasting', abstract: 'A new diffusion paper.' });
      await t.store.daily.feature(id, '2025-12-23');
      await t.store.papers.upsert({ arxivId: '2512.30003', title: 'Something unrelated about compilers' });
      const run = (await runAlerts(deps))!;
      assert.deepEqual([run.found, run.recorded, run.delivery?.sent], [1, 1, 1]);
      await sink.waitFor(1);
      const mail = parseMail(sink.received[0]!.raw);
      assert.equal(sink.received[0]!.to[0], 'grace@example.org');
      assert.match(mail.headers.get('subject')!, /1 new paper for “diffusion”/);
      assert.match(mail.text, /Latent diffusion for weather forecasting/);
      assert.doesNotMatch(mail.text, /protein folding/);
      assert.ok(mail.headers.get('list-unsubscribe'));
      assert.equal((await runAlerts(deps))!.recorded, 0);
      assert.equal(sink.received.length, 1, 'each hit is mailed once');

      const feedRes = await t.app.request(feedPath);
      assert.equal(feedRes.status, 200);
      assert.match(feedRes.headers.get('cache-control')!, /private/);
      const feed = await new Parser().parseString(await feedRes.text());
      assert.deepEqual(feed.items.map((i) => i.title), ['Latent diffusion for weather forecasting', 'Diffusion models for protein folding']);
      const searchId = (await t.store.savedSearches.listByUser(users[0]!.id))[0]!.id;
      for (const forged of [createToken(t.config.secret, 'feed', [searchId, users[1]!.id]), createToken(t.config.secret, 'unsubscribe', [searchId, users[0]!.id]), createToken('z'.repeat(64), 'feed', [searchId, users[0]!.id])]) {
        assert.equal((await t.app.request(`/feeds/searches/${forged}.rss`)).status, 404);
      }
      assert.equal((await post(`/settings/searches/${searchId}/delete`, {}, users[1]!)).status, 404, "another user's search cannot be deleted");
    });

    it('applies the filters of a saved search', async () => {
    assert.equal((await post('/settings/searches', { query: 'robotics', organization: 'acme', minUpvotes: '5', delivery: 'feed' })).status, 303);
      const search = (await t.store.savedSearches.listByUser(users[0]!.id)).find((s) => s.query === 'robotics')!;
      assert.deepEqual(search.filters, { organization: 'acme', minUpvotes: 5 });
      await new Promise((r) => setTimeout(r, 5));
      await t.store.papers.upsert({ arxivId: '2512.30010', title: 'Robotics from Acme with votes', organization: { name: 'acme', fullname: 'Acme Labs' }, baseUpvotes: 9 });
      await t.store.papers.upsert({ arxivId: '2512.30011', title: 'Robotics from Acme without votes', organization: { name: 'acme', fullname: 'Acme Labs' } });
      await t.store.papers.upsert({ arxivId: '2512.30012', title: 'Robotics from elsewhere', organization: { name: 'other', fullname: 'Other' }, baseUpvotes: 50 });
      await runAlerts(deps);
      const hits = await t.store.savedSearches.recentHits(search.id, 10);
      assert.deepEqual(hits.map((h) => h.paper.title), ['Robotics from Acme with votes']);
    });

    it('puts digest-delivery matches into the next digest', async () => {
    assert.equal((await post('/settings/searches', { query: 'weather', delivery: 'feed' })).status, 303);
    assert.equal((await post('/settings/searches', { query: 'quantum', delivery: 'digest', minUpvotes: '0' })).status, 303);
      await new Promise((r) => setTimeout(r, 5));
      await t.store.papers.upsert({ arxivId: '2512.30004', title: 'Quantum error correction at scale' });
      await t.store.papers.upsert({ arxivId: '2512.30005', title: 'Weather nowcasting transformers' });
      const alerts = (await runAlerts(deps))!;
      assert.equal(alerts.found, 2);
      assert.equal(alerts.recorded, 0, 'digest and feed deliveries send no alert mail');
      const before = sink.received.length;
      const run = await runDigest(deps, { frequency: 'daily', today: '2025-12-24', size: 10 });
      assert.equal(run.delivery?.sent, 1);
      const mail = parseMail(sink.received[before]!.raw);
      assert.match(mail.text, /From your saved searches/);
      assert.match(mail.text, /“quantum”: Quantum error correction at scale/);
      assert.doesNotMatch(mail.text, /Weather nowcasting/);
      assert.match(mail.text, /Latent diffusion for weather forecasting/, 'and the day’s top papers');
    });
  });
});
