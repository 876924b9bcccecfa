// SQLite-only: mail text written to the outbox; the store is incidental (digests run on both backends in test/digest/).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { anonForm, communityApp, outbox, postForm } from '../community/communityHelpers.ts';

let t: Awaited<ReturnType<typeof communityApp>>;
before(async () => {
  t = await communityApp({ demo: false, today: '2026-12-05' });
});
after(() => t?.cleanup());

test('issue 22 #5: without SMTP the confirmation mail is readable and its link works when copied; the log names the link', async () => {
  const { cookie, csrf } = await anonForm(t.app, '/signup');
  const res = await postForm(t.app, '/signup', { csrf, username: 'newreader', email: 'newreader@example.org', password: 'a long enough password' }, cookie);
  assert.equal(res.status, 200);
  const [mail] = await outbox(t.dir, 1);
  assert.ok(mail, 'a mail is in the outbox');
  assert.doesNotMatch(mail, /Content-Transfer-Encoding: (quoted-printable|base64)/i);
  assert.doesNotMatch(mail, /=3D/, 'no quoted-printable escapes');
  // copied as a person would: the raw text of the file, no decoding
  const link = /https?:\/\/\S+\/verify\?token=[^\s"<>]+/.exec(mail)?.[0];
  assert.ok(link, 'the whole link is on one line of the file');
  const check = await t.app.request(new URL(link).pathname + new URL(link).search);
  assert.ok(check.status < 400, `the copied link is accepted (status ${check.status})`);
  assert.doesNotMatch(await check.text(), /invalid/i);
  assert.ok(t.logs.some((l) => l.includes(link)), 'the log line of the outbox mail carries the link for the admin');
});
