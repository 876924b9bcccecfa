import type { Hono } from 'hono';
import { acceptInvitation, attachPaper, createOrganization, inviteMember, removeMember } from '../../../community/organizations.ts';
import { parsePaperRef } from '../../../community/submissions.ts';
import { formPage } from '../../../views/accountViews.ts';
import { html } from '../../../views/html.ts';
import type { CommunityHttp } from '../../communityHttp.ts';
import type { AppDeps } from '../../deps.ts';
import { HttpError } from '../../errors.ts';
import { HTML } from '../../respond.ts';
import type { AppEnv } from '../../viewer.ts';

/** Creating organizations and managing their members and papers (the organization page itself is in orgPages). */
export function registerOrgAdminPages(app: Hono<AppEnv>, deps: AppDeps, k: CommunityHttp): void {
  const newOrgForm = (csrf: string, v: { name?: string; fullname?: string } = {}) => html`<form method="post" action="/orgs/new" class="stack">
  <input type="hidden" name="csrf" value="${csrf}">
  <label for="org-name">Handle <span class="muted">(used in the address: /orgs/handle)</span></label>
  <input id="org-name" name="name" required minlength="2" maxlength="39" value="${v.name ?? ''}">
  <label for="org-fullname">Full name</label>
  <input id="org-fullname" name="fullname" maxlength="100" value="${v.fullname ?? ''}">
  <button type="submit">Create the organization</button>
</form>`;

  app.get('/orgs/new', (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return c.redirect('/login?next=/orgs/new', 303);
    return c.body(formPage('New organization', newOrgForm(viewer.csrf), { account: k.menu(c) }).value, 200, { 'Content-Type': HTML });
  });
  app.post('/orgs/new', async (c) => {
    const f = await k.form(c);
    const account = await k.account(c);
    try {
      const org = await createOrganization(k.cd, account, { name: f.name ?? '', fullname: f.fullname ?? '' });
      return c.redirect(`/orgs/${encodeURIComponent(org.name)}`, 303);
    } catch (err) {
      if (!(err instanceof HttpError) || err.status !== 422) throw err;
      return c.body(formPage('New organization', newOrgForm(c.get('viewer')!.csrf, f), { error: err.message, account: k.menu(c) }).value, 422, { 'Content-Type': HTML });
    }
  });

  app.post('/orgs/:name/:action{invite|accept|papers}', async (c) => {
    const name = c.req.param('name');
    const f = await k.form(c);
    const account = await k.account(c);
    const action = c.req.param('action');
    if (action === 'invite') await inviteMember(k.cd, account, name, f.username ?? '', f.role === 'admin' ? 'admin' : 'member');
    else if (action === 'accept') await acceptInvitation(k.cd, account, name);
    else {
      const paperId = parsePaperRef(f.paper_id ?? '');
      if (!paperId) throw new HttpError(422, 'Give the arXiv id of the paper to attach');
      await attachPaper(k.cd, account, name, paperId, f.detach !== '1');
    }
    return c.redirect(`/orgs/${encodeURIComponent(name)}`, 303);
  });
  app.post('/orgs/:name/members/:username/remove', async (c) => {
    await k.form(c);
    const account = await k.account(c);
    await removeMember(k.cd, account, c.req.param('name'), c.req.param('username'));
    return c.redirect(`/orgs/${encodeURIComponent(c.req.param('name'))}`, 303);
  });
}
