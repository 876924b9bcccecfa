import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePaperRef } from '../../src/community/submissions.ts';
import { communityApp, makeUser, postForm } from './communityHelpers.ts';
import { forEachBackend } from '../helpers/backends.ts';

forEachBackend((backend) => {
  test(`paper references: arXiv ids and URLs, paperwire URLs, local ids; junk refused (${backend})`, () => {
    assert.equal(parsePaperRef('2611.00001'), '2611.00001');
    assert.equal(parsePaperRef('https://arxiv.org/abs/2611.00001v2'), '2611.00001');
    assert.equal(parsePaperRef('arXiv:2611.00001'), '2611.00001');
    assert.equal(parsePaperRef('https://papers.example.org/papers/2611.00001'), '2611.00001');
    assert.equal(parsePaperRef('pw-0123456789ab'), 'pw-0123456789ab');
    assert.equal(parsePaperRef('hello'), undefined);
    assert.equal(parsePaperRef('https://evil.test/<script>'), undefined);
  });

  test(`submit: known paper goes on today’s list; a second submission points to the entry (${backend})`, async () => {
    const t = await communityApp({ backend,  demo: false, env: { PAPERWIRE_SUBMIT_DAILY_CAP: '2', PAPERWIRE_SUBMIT_MAX_AGE_DAYS: '30' } });
    try {
      await t.store.papers.upsert({ arxivId: '2611.00001', title: 'Known paper', authors: ['A'], publishedAt: '2026-11-20' });
      const u = await makeUser(t, 'sub');
      let res = await postForm(t.app, '/submit', { csrf: u.csrf, ref: 'https://arxiv.org/abs/2611.00001', comment: 'Worth a read' }, u.cookie);
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), '/papers/2611.00001?submitted=1');
      const featured = await t.store.papers.featuredOn('2611.00001');
      assert.deepEqual(featured.map((f) => [f.date, f.submittedBy?.username]), [['2026-11-23', 'sub']]);
      assert.equal((await t.store.papers.get('2611.00001'))!.numComments, 1, 'the comment was posted');
      const day = await (await t.app.request('/papers/date/2026-11-23')).text();
      assert.match(day, /Known paper/);
      assert.match(day, /1 comment/);

      const other = await makeUser(t, 'late');
      res = await postForm(t.app, '/submit', { csrf: other.csrf, ref: '2611.00001' }, other.cookie);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /already on the list of 2026-11-23: see \/papers\/2611.00001/);
      assert.equal((await t.store.papers.featuredOn('2611.00001')).length, 1);
    } finally {
      t.cleanup();
    }
  });

  test(`submit rules bite with an explanation: daily cap, maximum age; unknown papers ask for metadata (${backend})`, async () => {
    const t = await communityApp({ backend,  demo: false, env: { PAPERWIRE_SUBMIT_DAILY_CAP: '1', PAPERWIRE_SUBMIT_MAX_AGE_DAYS: '30' } });
    try {
      await t.store.papers.upsert({ arxivId: '2501.00002', title: 'Old paper', authors: ['B'], publishedAt: '2025-01-05' });
      const u = await makeUser(t, 'rules');
      let res = await postForm(t.app, '/submit', { csrf: u.csrf, ref: '2501.00002' }, u.cookie);
      assert.equal(res.status, 422);
      assert.match(await res.text(), /published in the last 30 days.*published 2025-01-05/);

      res = await postForm(t.app, '/submit', { csrf: u.csrf, ref: '2611.04321' }, u.cookie);
      assert.equal(res.status, 200);
      const form = await res.text();
      assert.match(form, /does not know 2611.04321 yet/);
      assert.match(form, /name="title"/);
      res = await postForm(t.app, '/submit', { csrf: u.csrf, ref: '2611.04321', title: 'Typed by hand', authors: 'Ada Lovelace, Charles Babbage', abstract: 'An abstract.' }, u.cookie);
      assert.equal(res.status, 303);
      const p = (await t.store.papers.get('2611.04321'))!;
      assert.equal(p.title, 'Typed by hand');
      assert.deepEqual(p.authors, ['Ada Lovelace', 'Charles Babbage']);

      await t.store.papers.upsert({ arxivId: '2611.00003', title: 'Third', authors: ['C'], publishedAt: '2026-11-22' });
      res = await postForm(t.app, '/submit', { csrf: u.csrf, ref: '2611.00003' }, u.cookie);
      assert.equal(res.status, 429);
      assert.match(await res.text(), /daily limit of 1/);

      res = await postForm(t.app, '/submit', { csrf: u.csrf, ref: 'not a paper' }, u.cookie);
      assert.equal(res.status, 422);
      res = await postForm(t.app, '/submit', { csrf: u.csrf, ref: '2301.00009' }, u.cookie);
      assert.equal(res.status, 422, 'an arXiv id from long ago is too old even without metadata');
    } finally {
      t.cleanup();
    }
  });

  test(`the submit page needs a session and shows the rules (${backend})`, async () => {
    const t = await communityApp({ backend,  demo: false });
    try {
      assert.equal((await t.app.request('/submit')).status, 303);
      const u = await makeUser(t, 'viewer');
      const page = await (await t.app.request('/submit', { headers: { Cookie: u.cookie } })).text();
      assert.match(page, /up to 5 papers a day/);
      await t.store.papers.upsert({ arxivId: '2611.00005', title: 'Not listed yet', authors: [], publishedAt: '2026-11-22' });
      const paperPage = await (await t.app.request('/papers/2611.00005', { headers: { Cookie: u.cookie } })).text();
      assert.match(paperPage, /href="\/submit\?ref=2611.00005">Submit this paper/);
      const form = await (await t.app.request('/submit?ref=2611.00005', { headers: { Cookie: u.cookie } })).text();
      assert.match(form, /id="ref"[^>]*value="2611.00005"/);
      assert.match(page, /last 30 days/);
    } finally {
      t.cleanup();
    }
  });
});
