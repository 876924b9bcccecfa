import type { Hono } from 'hono';
import { decideClaim } from '../../../community/authorship.ts';
import { removeSubmission, setRole, setSuspended } from '../../../community/moderation.ts';
import { assertModerator } from '../../../community/rules.ts';
import { adminView } from '../../../views/adminView.ts';
import type { CommunityHttp } from '../../communityHttp.ts';
import type { AppDeps } from '../../deps.ts';
import { HttpError } from '../../errors.ts';
import { HTML } from '../../respond.ts';
import type { AppEnv } from '../../viewer.ts';

/** The moderation page (moderators and admins) and its actions; every action is written to the moderation log. */
export function registerAdminPages(app: Hono<AppEnv>, deps: AppDeps, k: CommunityHttp): void {
  app.get('/admin', async (c) => {
    if (!c.get('viewer')) return c.redirect('/login?next=/admin', 303);
    const account = await k.account(c);
    assertModerator(account);
    const query = (c.req.query('q') ?? '').slice(0, 100);
    const admin = account.role === 'admin';
    const [claims, comments, submissions, users, log] = await Promise.all([
      admin ? deps.store.claims.pending(100) : [],
      deps.store.comments.recent(50),
      deps.store.submissions.recent(50),
      admin ? deps.store.accounts.list({ limit: 100, offset: 0 }, query || undefined).then((r) => r.accounts) : [],
      deps.store.moderationLog.list({ limit: 100, offset: 0 }),
    ]);
    return c.body(adminView({ viewer: c.get('viewer')!, claims, comments, submissions, users, query, log, account: k.menu(c)! }).value, 200, { 'Content-Type': HTML, 'Cache-Control': 'no-store' });
  });

  app.post('/admin/claims/:id', async (c) => {
    const f = await k.form(c);
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id)) throw new HttpError(404, 'That claim was not found');
    await decideClaim(k.cd, await k.account(c), id, f.decision === 'approve');
    return c.redirect('/admin', 303);
  });
  app.post('/admin/submissions/remove', async (c) => {
    const f = await k.form(c);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(f.date ?? '')) throw new HttpError(400, 'date must be YYYY-MM-DD');
    await removeSubmission(k.cd, await k.account(c), f.paper_id ?? '', f.date!);
    return c.redirect('/admin', 303);
  });
  app.post('/admin/users/:username', async (c) => {
    const f = await k.form(c);
    const account = await k.account(c);
    const username = c.req.param('username');
    if (f.action === 'suspend' || f.action === 'restore') await setSuspended(k.cd, account, username, f.action === 'suspend');
    else if (f.action === 'role' && (f.role === 'user' || f.role === 'moderator' || f.role === 'admin')) await setRole(k.cd, account, username, f.role);
    else throw new HttpError(400, 'action must be suspend, restore or role (with role user, moderator or admin)');
    return c.redirect('/admin', 303);
  });
}
