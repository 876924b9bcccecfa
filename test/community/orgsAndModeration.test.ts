import assert from 'node:assert/strict';
import { test } from 'node:test';
import { communityApp, makeUser, postForm } from './communityHelpers.ts';
import { forEachBackend } from '../helpers/backends.ts';

forEachBackend((backend) => {
  test(`organizations: create, invite, accept, attach papers, badge on cards, members on the page (${backend})`, async () => {
    const t = await communityApp({ backend,  demo: false });
    try {
      await t.store.papers.upsert({ arxivId: '2611.00001', title: 'Org paper', authors: ['A'], publishedAt: '2026-11-20' });
      await t.store.daily.feature('2611.00001', '2026-11-23');
      const owner = await makeUser(t, 'owner');
      const member = await makeUser(t, 'member');
      const outsider = await makeUser(t, 'outsider');
      let res = await postForm(t.app, '/orgs/new', { csrf: owner.csrf, name: 'deeplab', fullname: 'Deep Lab' }, owner.cookie);
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), '/orgs/deeplab');
      res = await postForm(t.app, '/orgs/new', { csrf: outsider.csrf, name: 'DeepLab', fullname: 'Copy' }, outsider.cookie);
      assert.equal(res.status, 422);

      assert.equal((await postForm(t.app, '/orgs/deeplab/invite', { csrf: outsider.csrf, username: 'member' }, outsider.cookie)).status, 403);
      assert.equal((await postForm(t.app, '/orgs/deeplab/invite', { csrf: owner.csrf, username: 'member', role: 'member' }, owner.cookie)).status, 303);
      assert.equal((await postForm(t.app, '/orgs/deeplab/invite', { csrf: owner.csrf, username: 'ghost' }, owner.cookie)).status, 404);
      const settings = await (await t.app.request('/settings', { headers: { Cookie: member.cookie } })).text();
      assert.match(settings, /Deep Lab invited you as member/);
      assert.equal((await postForm(t.app, '/orgs/deeplab/papers', { csrf: member.csrf, paper_id: '2611.00001' }, member.cookie)).status, 403, 'not before accepting');
      assert.equal((await postForm(t.app, '/orgs/deeplab/accept', { csrf: member.csrf }, member.cookie)).status, 303);
      assert.equal((await postForm(t.app, '/orgs/deeplab/papers', { csrf: member.csrf, paper_id: 'https://arxiv.org/abs/2611.00001' }, member.cookie)).status, 303);
      assert.equal((await t.store.papers.get('2611.00001'))!.organization?.name, 'deeplab');

      const day = await (await t.app.request('/papers/date/2026-11-23')).text();
      assert.match(day, /href="\/orgs\/deeplab"[^>]*>.*Deep Lab/s);
      const orgPage = await (await t.app.request('/orgs/deeplab')).text();
      assert.match(orgPage, /Org paper/);
      assert.match(orgPage, /@owner<\/a> <span class="role">admin/);
      assert.match(orgPage, /@member/);
      const ownerView = await (await t.app.request('/orgs/deeplab', { headers: { Cookie: owner.cookie } })).text();
      assert.match(ownerView, /Invite a user/);
      assert.doesNotMatch(orgPage, /Invite a user/);

      assert.equal((await postForm(t.app, '/orgs/deeplab/members/owner/remove', { csrf: owner.csrf }, owner.cookie)).status, 422, 'the last admin stays');
      assert.equal((await postForm(t.app, '/orgs/deeplab/members/owner/remove', { csrf: member.csrf }, member.cookie)).status, 403);
      assert.equal((await postForm(t.app, '/orgs/deeplab/members/member/remove', { csrf: member.csrf }, member.cookie)).status, 303, 'members may leave');
    } finally {
      t.cleanup();
    }
  });

  test(`authorship: claim, admin approves, the profile lists papers, submissions and (by choice) upvotes (${backend})`, async () => {
    const t = await communityApp({ backend,  demo: false });
    try {
      await t.store.papers.upsert({ arxivId: '2611.00001', title: 'My own paper', authors: ['Me'], publishedAt: '2026-11-20' });
      const author = await makeUser(t, 'author');
      const admin = await makeUser(t, 'boss', 'admin');
      assert.equal((await postForm(t.app, '/papers/2611.00001/claim', { csrf: author.csrf }, author.cookie)).status, 303);
      const [claim] = await t.store.claims.pending(10);
      assert.equal(claim!.user.username, 'author');
      assert.equal((await postForm(t.app, `/admin/claims/${claim!.id}`, { csrf: author.csrf, decision: 'approve' }, author.cookie)).status, 403);
      const adminPage = await (await t.app.request('/admin', { headers: { Cookie: admin.cookie } })).text();
      assert.match(adminPage, /@author claims/);
      assert.equal((await postForm(t.app, `/admin/claims/${claim!.id}`, { csrf: admin.csrf, decision: 'approve' }, admin.cookie)).status, 303);
      assert.equal((await postForm(t.app, `/admin/claims/${claim!.id}`, { csrf: admin.csrf, decision: 'approve' }, admin.cookie)).status, 409);

      await postForm(t.app, '/submit', { csrf: author.csrf, ref: '2611.00001' }, author.cookie);
      await postForm(t.app, '/papers/2611.00001/upvote', { csrf: author.csrf, up: '1' }, author.cookie);
      let profile = await (await t.app.request('/users/author')).text();
      assert.match(profile, /<h2>Papers<\/h2>\s*<div class="cards">.*My own paper/s);
      assert.match(profile, /<h2>Submissions<\/h2>\s*<ul class="plain"><li><a href="\/papers\/2611.00001">/);
      assert.doesNotMatch(profile, /<h2>Upvotes/);
      await postForm(t.app, '/settings/profile', { csrf: author.csrf, show_upvotes: '1', fullname: 'The Author' }, author.cookie);
      profile = await (await t.app.request('/users/author')).text();
      assert.match(profile, /<h2>Upvotes/);
      assert.match(profile, /The Author/);
      const paper = await (await t.app.request('/papers/2611.00001')).text();
      assert.match(paper, /Authors on paperwire: <a href="\/users\/author">@author/);
      assert.equal((await t.app.request('/users/nobody')).status, 404);
    } finally {
      t.cleanup();
    }
  });

  test(`moderation: roles, suspension, submission removal, every action logged (${backend})`, async () => {
    const t = await communityApp({ backend,  demo: false });
    try {
      await t.store.papers.upsert({ arxivId: '2611.00001', title: 'Spam paper', authors: ['S'], publishedAt: '2026-11-20' });
      const admin = await makeUser(t, 'root', 'admin');
      const mod = await makeUser(t, 'mod', 'moderator');
      const spammer = await makeUser(t, 'spammer');
      await postForm(t.app, '/submit', { csrf: spammer.csrf, ref: '2611.00001' }, spammer.cookie);

      assert.equal((await t.app.request('/admin', { headers: { Cookie: spammer.cookie } })).status, 403);
      const modPage = await (await t.app.request('/admin', { headers: { Cookie: mod.cookie } })).text();
      assert.match(modPage, /Spam paper/);
      assert.doesNotMatch(modPage, /Find users/, 'moderators do not manage users');
      assert.equal((await postForm(t.app, '/admin/users/spammer', { csrf: mod.csrf, action: 'suspend' }, mod.cookie)).status, 403);

      assert.equal((await postForm(t.app, '/admin/submissions/remove', { csrf: mod.csrf, paper_id: '2611.00001', date: '2026-11-23' }, mod.cookie)).status, 303);
      assert.equal((await t.store.papers.featuredOn('2611.00001')).length, 0);
      assert.equal((await postForm(t.app, '/admin/submissions/remove', { csrf: mod.csrf, paper_id: '2611.00001', date: 'yesterday' }, mod.cookie)).status, 400);

      const { createApiToken } = await import('../../src/community/accounts.ts');
      const { secret } = await createApiToken(t.cd, (await t.store.accounts.byLogin('spammer'))!, 'bot');
      assert.equal((await postForm(t.app, '/admin/users/spammer', { csrf: admin.csrf, action: 'suspend' }, admin.cookie)).status, 303);
      const viaApi = await t.app.request('/api/papers/2611.00001/upvote', { method: 'POST', headers: { Authorization: `Bearer ${secret}` } });
      assert.equal(viaApi.status, 401, "a suspended user's tokens stop working");
      assert.equal((await t.app.request('/settings', { headers: { Cookie: spammer.cookie } })).status, 303, 'signed out everywhere');
      const { signIn } = await import('../../src/community/accounts.ts');
      await assert.rejects(signIn(t.cd, 'spammer', 'correct horse battery'), /suspended/);
      assert.equal((await postForm(t.app, '/admin/users/root', { csrf: admin.csrf, action: 'role', role: 'user' }, admin.cookie)).status, 422, 'no self-demotion');
      assert.equal((await postForm(t.app, '/admin/users/mod', { csrf: admin.csrf, action: 'role', role: 'admin' }, admin.cookie)).status, 303);
      assert.equal((await postForm(t.app, '/admin/users/mod', { csrf: admin.csrf, action: 'explode' }, admin.cookie)).status, 400);
      assert.equal((await t.store.accounts.byLogin('mod'))!.role, 'admin');

      const log = (await t.store.moderationLog.list({ limit: 10, offset: 0 })).map((e) => `${e.actor?.username} ${e.action} ${e.target}`);
      assert.deepEqual(log, ['root user.role user:mod', 'root user.suspend user:spammer', 'mod submission.remove paper:2611.00001']);
      const page = await (await t.app.request('/admin', { headers: { Cookie: admin.cookie } })).text();
      assert.match(page, /@root user.suspend user:spammer/);
    } finally {
      t.cleanup();
    }
  });
});
