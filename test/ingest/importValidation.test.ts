import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { importPapers } from '../../src/ingest/importPapers.ts';
import { communityApp, makeUser, postForm } from '../community/communityHelpers.ts';
import { forEachBackend } from '../helpers/backends.ts';

const line = (o: Record<string, unknown>) => JSON.stringify({ title: `Paper ${Math.random()}`, published: '2026-11-20', ...o });

forEachBackend((backend) => {
  test(`imports refuse ids, organization handles and usernames the site refuses, reporting each line (${backend})`, async () => {
    const t = await communityApp({ backend, demo: false });
    try {
      const admin = await makeUser(t, 'admin1', 'admin');
      const text = [
        line({ id: '2611.00001', title: 'A fine paper', organization: { name: 'kyutai' }, featured: [{ date: '2026-11-21', submitted_by: 'newbie' }] }),
        line({ id: '../../etc/passwd' }),
        line({ id: '2611.00002', organization: { name: 'new', fullname: 'Hidden by /orgs/new' } }),
        line({ id: '2611.00003', featured: [{ date: '2026-11-21', submitted_by: 'a/b?c#d' }] }),
        line({ id: '2611.00004', featured: [{ date: '2026-11-21', submitted_by: 'ADMIN1' }] }),
        line({ id: '2611.00005', featured: [{ date: '2026-11-21', submitted_by: 'admin1' }] }),
        line({ id: '2611.00006v2' }),
        line({ id: '2611.00007', organization: { name: 'bad org' } }),
        line({ id: 'arXiv:2611.00010' }),
      ].join('\n');
      const summary = await importPapers(t.store, Readable.from([Buffer.from(text + '\n')]), { format: 'jsonl' });
      assert.deepEqual(summary.skipped.map((s) => s.line), [2, 3, 4, 5, 7, 8], JSON.stringify(summary.skipped));
      const reason = (n: number) => summary.skipped.find((s) => s.line === n)!.reason;
      assert.match(reason(2), /not a paper id/);
      assert.match(reason(3), /reserved/);
      assert.match(reason(4), /username must be/);
      assert.match(reason(5), /"ADMIN1" is not the user admin1/);
      assert.match(reason(7), /not a paper id/);
      assert.match(reason(8), /handle must be/);
      assert.equal(summary.new, 3);
      assert.ok(await t.store.papers.get('2611.00010'), 'an "arXiv:" prefix is read as the id after it');

      assert.equal(await t.store.papers.get('../../etc/passwd'), undefined);
      assert.equal(await t.store.papers.get('2611.00004'), undefined, 'the ADMIN1 line is skipped whole');
      assert.equal(await t.store.organizations.get('new'), undefined);
      assert.equal(await t.store.users.get('a/b?c#d'), undefined);
      assert.equal((await t.store.papers.featuredOn('2611.00005'))[0]?.submittedBy?.id, admin.id, 'the exact username is credited');
      assert.equal((await t.store.papers.featuredOn('2611.00001'))[0]?.submittedBy?.username, 'newbie');
      assert.equal((await t.app.request('/papers/2611.00001')).status, 200);

      // the store itself credits exactly too, whoever calls it
      await t.store.ingest.commit('test', [{ paper: { id: '2611.00009', title: 'Direct' }, featured: [{ date: '2026-11-22', submittedBy: 'Admin1' }] }]);
      assert.equal((await t.store.papers.featuredOn('2611.00009'))[0]?.submittedBy, undefined);

      // and the site refuses the reserved handle with the same rule
      const res = await postForm(t.app, '/orgs/new', { csrf: admin.csrf, name: 'new', fullname: 'New' }, admin.cookie);
      assert.equal(res.status, 422);
      assert.match(await res.text(), /reserved/);
    } finally {
      t.cleanup();
    }
  });
});
