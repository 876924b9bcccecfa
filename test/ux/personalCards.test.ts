// SQLite-only: how cards render; the store is incidental (the personal store runs on both backends in test/personal/).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { communityApp, makeUser, postForm, type TestUser } from '../community/communityHelpers.ts';

let t: Awaited<ReturnType<typeof communityApp>>;
let reader: TestUser;
let ids: string[] = [];
let collectionId = 0;
let followedDay = '';
const get = async (path: string) => (await t.app.request(path, { headers: { Cookie: reader.cookie } })).text();

/** Each `.personal` block's card markup, so a test can look inside one card. */
const personalBlocks = (page: string) => page.split('<div class="personal').slice(1).map((b) => b.slice(0, b.indexOf('</article>') + 10));

before(async () => {
  t = await communityApp({ demo: true, today: '2026-12-05' });
  reader = await makeUser(t, 'reader');
  const { entries } = await t.store.daily.list({ from: '2025-12-25', to: '2025-12-25' }, 'upvotes', { limit: 3, offset: 0 });
  ids = entries.map((e) => e.paper.id);
  const made = await postForm(t.app, '/collections', { csrf: reader.csrf, name: 'Reading group' }, reader.cookie);
  collectionId = Number(/\/collections\/(\d+)/.exec(made.headers.get('location')!)![1]);
  for (const id of ids) await postForm(t.app, `/collections/${collectionId}/items`, { csrf: reader.csrf, paper_id: id, note: 'first note' }, reader.cookie);
  await postForm(t.app, '/follows', { csrf: reader.csrf, action: 'follow', kind: 'org', value: 'kyutai' }, reader.cookie);
  const { papers } = await t.store.papers.listByOrganization('kyutai', { limit: 1, offset: 0 });
  followedDay = (await t.store.papers.featuredOn(papers[0]!.id))[0]!.date;
});
after(() => t?.cleanup());

test('issue 22 #2: on Following and a collection a signed-in reader can vote, and the actions sit inside the card', async () => {
  for (const path of [`/collections/${collectionId}`, `/following?date=${followedDay}`]) {
    const page = await get(path);
    const blocks = personalBlocks(page);
    assert.ok(blocks.length > 0, `${path} lists papers`);
    assert.doesNotMatch(page, /sign in to upvote/, `${path} does not ask a signed-in reader to sign in`);
    assert.doesNotMatch(page, /href="\/login\?next=/);
    for (const b of blocks) {
      assert.match(b, /<form class="vote" method="post"/, 'a vote button');
      assert.match(b, /<div class="actions">[\s\S]*Save/, 'Save / Mark read / Hide inside the card');
    }
  }
});

test('issue 22 #8: a collection\'s owner can change a note and remove a paper; cards and paper pages offer "Add to collection…"', async () => {
  const page = await get(`/collections/${collectionId}`);
  assert.match(page, /action="\/collections\/\d+\/remove"/, 'a Remove button per paper');
  assert.match(page, /<textarea id="note-[^"]+" name="note"[^>]*>first note<\/textarea>/, 'the note can be edited in place');
  assert.equal((await postForm(t.app, `/collections/${collectionId}/items`, { csrf: reader.csrf, paper_id: ids[0]!, note: 'changed note' }, reader.cookie)).status, 303);
  assert.equal((await postForm(t.app, `/collections/${collectionId}/remove`, { csrf: reader.csrf, paper_id: ids[1]! }, reader.cookie)).status, 303);
  const after = await get(`/collections/${collectionId}`);
  assert.match(after, /changed note/);
  assert.equal(personalBlocks(after).length, 2);
  assert.ok(!after.includes(`data-paper="${ids[1]}"`), 'the removed paper is gone');
  const daily = await get('/papers/date/2025-12-25');
  assert.match(daily, /Add to collection…/, 'list cards offer Add to collection…');
  const paperPage = await get(`/papers/${ids[1]}`);
  assert.match(paperPage, /<select id="add-collection" name="collection_id"><option value="\d+">Reading group<\/option>/);
  const added = await postForm(t.app, '/collections/add', { csrf: reader.csrf, collection_id: String(collectionId), paper_id: ids[1]! }, reader.cookie);
  assert.equal(added.status, 303);
  assert.match(await get(`/collections/${collectionId}`), new RegExp(`data-paper="${ids[1]!.replace(/\./g, '\\.')}"`));
  assert.equal((await postForm(t.app, '/collections/add', { csrf: reader.csrf, collection_id: 'x', paper_id: ids[1]! }, reader.cookie)).status, 400);
});

test('paper page: signed-in readers can follow its organization and see the notice at the top', async () => {
  const { papers } = await t.store.papers.listByOrganization('kyutai', { limit: 1, offset: 0 });
  const page = await get(`/papers/${papers[0]!.id}?added=1`);
  assert.match(page, /Following Kyutai/, "the reader follows kyutai already, and the button says so");
  const notice = page.indexOf('class="notice"');
  assert.ok(notice > 0 && notice < page.indexOf('<h1>'), 'the confirmation is above the title, not mid-page');
});
