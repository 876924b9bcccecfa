import assert from 'node:assert/strict';
import { test } from 'node:test';
import { communityApp, makeUser } from '../community/communityHelpers.ts';
import { forEachBackend } from '../helpers/backends.ts';

forEachBackend((backend) => {
  test(`/admin/ingest shows each source\'s last run with counts and errors, to admins only (${backend})`, async () => {
    const t = await communityApp({ backend,  demo: false, env: { PAPERWIRE_INGEST_CATEGORIES: 'cs.CV,cs.LG', PAPERWIRE_INGEST_EVERY: '6h' } });
    try {
      const ok = await t.store.ingest.startRun('arxiv-rss:cs.CV+cs.LG');
      await t.store.ingest.updateRun(ok, { read: 12, new: 9, updated: 2, unchanged: 1, skipped: 0, requests: 1 }, { status: 'ok' });
      const bad = await t.store.ingest.startRun('arxiv-api:cs.CV,cs.LG');
      await t.store.ingest.updateRun(bad, { read: 0, new: 0, updated: 0, unchanged: 0, skipped: 0, requests: 5 }, { status: 'failed', message: 'x', errors: ['arXiv answered 503 <script>alert(1)</script>'] });

      const anon = await t.app.request('/admin/ingest');
      assert.equal(anon.status, 303);
      assert.equal(anon.headers.get('location'), '/login?next=/admin/ingest');
      const user = await makeUser(t, 'reader');
      assert.equal((await t.app.request('/admin/ingest', { headers: { Cookie: user.cookie } })).status, 403);
      const admin = await makeUser(t, 'boss', 'admin');
      const res = await t.app.request('/admin/ingest', { headers: { Cookie: admin.cookie } });
      assert.equal(res.status, 200);
      const page = await res.text();
      assert.match(page, /every 360 min; sources api, rss; categories cs.CV, cs.LG/);
      assert.match(page, /<td>arxiv-rss:cs.CV\+cs.LG<\/td><td class="status-ok">ok<\/td>/);
      assert.match(page, /<td>12<\/td><td>9<\/td><td>2<\/td>/);
      assert.match(page, /status-failed">failed/);
      assert.match(page, /arXiv answered 503 &lt;script&gt;/, 'errors are escaped');
      assert.doesNotMatch(page, /<script>alert/);
    } finally {
      t.cleanup();
    }
  });
});
