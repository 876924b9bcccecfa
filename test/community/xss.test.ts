import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createOrganization } from '../../src/community/organizations.ts';
import { communityApp, makeUser, postForm } from './communityHelpers.ts';
import { forEachBackend } from '../helpers/backends.ts';

forEachBackend((backend) => {
  const PAYLOAD = `"><script>alert('x')</script><img src=x onerror=alert(1)>`;

  /** Fails when the page carries a live script or handler from the payload. */
  function assertInert(page: string, where: string) {
    assert.doesNotMatch(page, /<script>alert/i, `${where}: raw script`);
    assert.doesNotMatch(page, /<img src=x onerror/i, `${where}: raw handler`);
    assert.doesNotMatch(page, /href="javascript:/i, `${where}: javascript link`);
  }

  test(`XSS payloads in titles, comments, display names and organization names render inert (${backend})`, async () => {
    const t = await communityApp({ backend,  demo: false });
    try {
      await t.store.papers.upsert({ arxivId: '2611.00001', title: `Paper ${PAYLOAD}`, authors: [PAYLOAD], abstract: PAYLOAD, publishedAt: '2026-11-20' });
      const u = await makeUser(t, 'xss_user');
      await postForm(t.app, '/settings/profile', { csrf: u.csrf, fullname: PAYLOAD.slice(0, 80) }, u.cookie);
      const account = (await t.store.accounts.byId(u.id))!;
      await createOrganization(t.cd, account, { name: 'evil-org', fullname: PAYLOAD });
      await postForm(t.app, '/orgs/evil-org/papers', { csrf: u.csrf, paper_id: '2611.00001' }, u.cookie);
      await postForm(t.app, '/submit', { csrf: u.csrf, ref: '2611.00001', comment: `${PAYLOAD} [click](javascript:alert(1)) <a href="javascript:alert(2)">x</a>` }, u.cookie);
      const admin = await makeUser(t, 'admin', 'admin');
      for (const [path, cookie] of [
        ['/papers/date/2026-11-23', ''],
        ['/papers/date/2026-11-23', u.cookie],
        ['/papers/2611.00001', ''],
        ['/papers/2611.00001', u.cookie],
        ['/orgs/evil-org', ''],
        ['/orgs/evil-org', u.cookie],
        ['/users/xss_user', ''],
        ['/admin', admin.cookie],
        ['/papers/trending', ''],
      ] as const) {
        const res = await t.app.request(path, { headers: { Cookie: cookie } });
        assert.equal(res.status, 200, path);
        const page = await res.text();
        assertInert(page, `${path}${cookie ? ' (signed in)' : ''}`);
        assert.match(page, /&lt;script&gt;|&lt;img/, `${path} shows the payload as text`);
      }
      const api = await (await t.app.request('/api/papers/2611.00001/comments')).json();
      assertInert(api[0].html, 'comment html in the API');
    } finally {
      t.cleanup();
    }
  });

  test(`a hostile next= after sign-in stays on this site (${backend})`, async () => {
    const t = await communityApp({ backend,  demo: false });
    try {
      await makeUser(t, 'nextuser');
      const page = await t.app.request('/login?next=//evil.example/x');
      const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
      const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())![1]!;
      const res = await postForm(t.app, '/login', { csrf, login: 'nextuser', password: 'correct horse battery', next: '//evil.example/x' }, cookie);
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), '/');
    } finally {
      t.cleanup();
    }
  });
});
