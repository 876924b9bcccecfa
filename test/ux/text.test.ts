// SQLite-only: page wording; the store is incidental.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { readableText } from '../../src/views/readableText.ts';
import { communityApp, makeUser, postForm, type TestUser } from '../community/communityHelpers.ts';

let t: Awaited<ReturnType<typeof communityApp>>;
let reader: TestUser;
let id = '';

before(async () => {
  t = await communityApp({ demo: false, today: '2026-12-05' });
  reader = await makeUser(t, 'reader');
  const made = await t.store.papers.upsert({
    title: 'Low-bit \\textbf{quantization} with $x\\!\\in\\!\\{4,8\\}$ bits',
    abstract: 'We cut latency by 33\\% (sim50\\% of runs), with x!in!{4,8} and $100\\times$ speed-ups, \\ie faster. Code: https://example.org/code_v2/repo.',
    publishedAt: '2025-12-20',
  });
  id = made.id;
  await t.store.daily.feature(id, '2025-12-25');
});
after(() => t?.cleanup());

test('issue 22 #15: LaTeX residue becomes readable text', () => {
  assert.equal(readableText('33\\% faster'), '33% faster');
  assert.equal(readableText('sizes x!in!{4,8}'), 'sizes x ∈ {4,8}');
  assert.equal(readableText('regions (sim50\\%)'), 'regions (~50%)');
  assert.equal(readableText('MLPs for $100\\times$ Faster'), 'MLPs for 100× Faster');
  assert.equal(readableText('the \\textbf{Mamba} model, \\ie, fast'), 'the Mamba model, i.e., fast');
  assert.equal(readableText('cost $\\alpha \\leq 0.5$ and $x^{2}$'), 'cost α ≤ 0.5 and x²');
  assert.equal(readableText('plain text stays: simulation, 5% and a!b'), 'plain text stays: simulation, 5% and a!b');
  assert.equal(readableText('https://github.com/a/b_2 x_2'), 'https://github.com/a/b_2 x₂', 'addresses are left alone');
});

test('issue 22 #15: pages show clean titles and abstracts, with the abstract\'s addresses as links', async () => {
  for (const path of [`/papers/${id}`, '/papers/date/2025-12-25']) {
    const page = await (await t.app.request(path)).text();
    assert.doesNotMatch(page, /\\%|x!in!|\\textbf|\\times|\$100/, `${path} has no LaTeX residue`);
    assert.match(page, /33% \(~50% of runs\)/);
    assert.match(page, /x ∈ \{4,8\}/);
    assert.match(page, /<a href="https:\/\/example\.org\/code_v2\/repo" rel="nofollow noopener">/, 'the address is a link, without the final full stop');
  }
});

test('issue 22 #15: markdown images in comments leave no stray "!", /favicon.ico answers, one date style, plain wording', async () => {
  const posted = await postForm(t.app, `/papers/${id}/comments`, { csrf: reader.csrf, body: 'See ![the figure](https://example.org/fig.png) here' }, reader.cookie);
  assert.equal(posted.status, 303);
  const page = await (await t.app.request(`/papers/${id}`)).text();
  assert.doesNotMatch(page, /!<a /, 'no "!" before the link');
  assert.match(page, /<a href="https:\/\/example\.org\/fig\.png" rel="nofollow ugc noopener">the figure \(image\)<\/a>/);
  const icon = await t.app.request('/favicon.ico');
  assert.equal(icon.status, 200);
  assert.match(icon.headers.get('content-type') ?? '', /^image\//);
  const following = await (await t.app.request('/following?date=2025-12-25', { headers: { Cookie: reader.cookie } })).text();
  assert.match(following, /Following · Dec 25, 2025/);
  assert.doesNotMatch(following.replace(/(value|datetime|href)="[^"]*"/g, ''), /\b2025-12-25\b/, 'dates read "Dec 25, 2025" everywhere');
  const empty = await (await t.app.request('/papers/date/2025-12-24')).text();
  assert.doesNotMatch(empty, /featured in this day/);
  assert.match(empty, /featured on this day/);
  const submitted = await (await t.app.request(`/papers/${id}?submitted=1`, { headers: { Cookie: reader.cookie } })).text();
  const notice = submitted.indexOf('Thanks! The paper is on today');
  assert.ok(notice > 0 && notice < submitted.indexOf('<h1>'), 'the submission notice is at the top');
});
