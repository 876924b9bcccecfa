import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { deliverDigests } from '../../src/digest/deliverDigests.ts';
import { runDigest } from '../../src/digest/runDigest.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { createMailer } from '../../src/mail/mailer.ts';
import { execRaw, forEachBackend } from '../helpers/backends.ts';
import { communityApp, makeUser, postForm, type TestUser } from '../community/communityHelpers.ts';
import { seedPapers } from '../personal/personalFixture.ts';
import { parseMail } from './rawMail.ts';
import { startSmtpSink } from './smtpSink.ts';

const TODAY = '2026-11-23'; // a Monday: the daily digest covers Friday 2026-11-20
const SAVED_REASON = 'because you saved “Graph neural networks for molecular property prediction”';

forEachBackend((backend) => describe(`For you in the digest, over real SMTP (${backend})`, () => {
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let t: Awaited<ReturnType<typeof communityApp>>;
  let deps: Parameters<typeof runDigest>[0];
  let reader: TestUser;
  let readerSub = 0;
  const mailTo = (address: string) => parseMail(sink.received.find((m) => m.to.includes(address))!.raw);

  before(async () => {
    sink = await startSmtpSink();
    t = await communityApp({ backend, demo: false, today: TODAY, env: { PAPERWIRE_SMTP_URL: sink.url } });
    const log = createLogger('silent');
    deps = { store: t.store, mailer: createMailer(t.config, log), config: t.config, log };
    await seedPapers(t.store);
    for (const id of ['2611.00005', '2611.00006']) await t.store.daily.feature(id, '2026-11-20');
    reader = await makeUser(t, 'reader');
    const quiet = await makeUser(t, 'quiet');
    await postForm(t.app, '/saved/2611.00001', { csrf: reader.csrf, save: '1' }, reader.cookie);
    const subscribe = async (email: string, userId?: number) => (await t.store.subscribers.activate((await t.store.subscribers.ensure(email, 'daily', userId)).id, 'daily')).id;
    readerSub = await subscribe('reader@example.org', reader.id);
    await subscribe('quiet@example.org', quiet.id);
    await subscribe('anon@example.org');
  });
  after(async () => {
    deps.mailer.close();
    t.cleanup();
    await sink.close();
  });

  it('gives a signed-in reader with signals a For you section with reasons, text and HTML; others none', async () => {
    const run = await runDigest(deps, { frequency: 'daily', today: TODAY, size: 2 });
    assert.equal(run.period, 'day:2026-11-20');
    assert.deepEqual([run.recorded, run.delivery?.sent, run.delivery?.failed], [3, 3, 0]);
    const mine = mailTo('reader@example.org');
    assert.ok(mine.text.includes('For you (picked from what you saved'), 'the text part has the section');
    const section = mine.text.slice(mine.text.indexOf('For you (picked from what you saved'));
    assert.match(section, /- Equivariant message passing for molecules and proteins\r?\n {2}because you saved “Graph neural networks/);
    assert.ok(section.includes(`${t.config.baseUrl}/papers/2611.00002`));
    assert.ok(!/Streaming speech translation|Benchmarking large language models/.test(section.slice(0, section.indexOf('More:'))), 'edition papers are not repeated');
    assert.ok(!section.includes('- Graph neural networks for molecular'), 'the saved paper itself is not picked');
    assert.match(mine.html, /<h2[^>]*>For you<\/h2>/);
    assert.ok(mine.html.includes(SAVED_REASON), 'the HTML part carries the reason');
    const picks = (await t.store.digestSends.get(readerSub, 'day:2026-11-20'))!.picks;
    assert.ok(picks.length >= 2 && picks.length <= 5, `3–5 picks, at most: got ${picks.length}`);
    assert.ok(picks.every((p) => p.reason && !['2611.00005', '2611.00006', '2611.00001'].includes(p.paperId)));
    for (const other of ['quiet@example.org', 'anon@example.org']) {
      const m = mailTo(other);
      assert.match(m.text, /Streaming speech translation/);
      assert.ok(!m.text.includes('For you') && !m.html.includes('For you'), `${other}: no signals, no section`);
    }
  });

  it('keeps exactly-once: a rerun sends nothing, and a resend after a crash carries the recorded picks, not new ones', async () => {
    const before = sink.received.length;
    const rerun = await runDigest(deps, { frequency: 'daily', today: TODAY, size: 2 });
    assert.deepEqual([rerun.recorded, rerun.delivery?.sent], [0, 0]);
    assert.equal(sink.received.length, before);

    const first = mailTo('reader@example.org');
    const send = (await t.store.digestSends.get(readerSub, 'day:2026-11-20'))!;
    await execRaw(t.store, `UPDATE digest_sends SET status = 'sending' WHERE id = ${send.id}`); // the mark after 250 was lost
    await postForm(t.app, '/saved/2611.00002', { csrf: reader.csrf, save: '1' }, reader.cookie); // a pick is saved meanwhile: a fresh ranking would drop it
    const resent = await deliverDigests(deps);
    assert.deepEqual([resent.sent, resent.resumed], [1, 1]);
    const again = parseMail(sink.received.at(-1)!.raw);
    assert.equal(again.headers.get('message-id'), first.headers.get('message-id'));
    assert.equal(again.text, first.text, 'the same mail, For you included');
  });
}));
