// SQLite-only: form markup and messages; the store is incidental (the same routes run on both backends in test/community/).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { communityApp, makeUser, postForm, type TestUser } from '../community/communityHelpers.ts';

let t: Awaited<ReturnType<typeof communityApp>>;
let admin: TestUser;
let reader: TestUser;

before(async () => {
  t = await communityApp({ demo: false, today: '2026-12-05' });
  admin = await makeUser(t, 'boss', 'admin');
  reader = await makeUser(t, 'reader');
});
after(() => t?.cleanup());

const text = (markup: string) => markup.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');

test('issue 22 #9: saving a search answers with a redirect, and the address it leaves behind loads', async () => {
  const res = await postForm(t.app, '/settings/searches', { csrf: reader.csrf, query: 'diffusion', delivery: 'digest' }, reader.cookie);
  assert.equal(res.status, 303);
  const to = res.headers.get('location')!;
  assert.match(to, /^\/settings\/digest/);
  const page = await t.app.request(to, { headers: { Cookie: reader.cookie } });
  assert.equal(page.status, 200);
  assert.match(await page.text(), /Saved the search “diffusion”/);
  const reload = await t.app.request('/settings/searches', { headers: { Cookie: reader.cookie } });
  assert.notEqual(reload.status, 404, 'reloading the old form address is not a 404');
  assert.ok([200, 303].includes(reload.status));
  const bogus = await t.app.request('/settings/digest?done=%3Cscript%3E', { headers: { Cookie: reader.cookie } });
  assert.doesNotMatch(await bogus.text(), /<script>/);
});

test('issue 22 #10: admin buttons are separate, and the admin is offered no action on their own row', async () => {
  const res = await t.app.request('/admin', { headers: { Cookie: admin.cookie } });
  assert.equal(res.status, 200);
  const body = await res.text();
  const plain = text(body);
  assert.doesNotMatch(plain, /Make userMake|SuspendMake|Make moderatorMake|RestoreMake/);
  const ownRow = /<tr><td><a href="\/users\/boss">[\s\S]*?<\/tr>/.exec(body)![0];
  assert.doesNotMatch(ownRow, /Suspend|Make user|Make moderator/);
  const readerRow = /<tr><td><a href="\/users\/reader">[\s\S]*?<\/tr>/.exec(body)![0];
  assert.match(readerRow, /Suspend/);
  assert.match(readerRow, /Make moderator/);
});
