import type { Hono } from 'hono';
import { profileView } from '../../../views/profileView.ts';
import type { CommunityHttp } from '../../communityHttp.ts';
import type { AppDeps } from '../../deps.ts';
import { notFound } from '../../errors.ts';
import { HTML } from '../../respond.ts';
import type { AppEnv } from '../../viewer.ts';
import { viewerVotes } from '../../viewerVotes.ts';

/** Public user profiles: approved papers, submissions, and upvotes when the user shows them. */
export function registerUserPages(app: Hono<AppEnv>, deps: AppDeps, k: CommunityHttp): void {
  app.get('/users/:username', async (c) => {
    const name = c.req.param('username');
    const ref = await deps.store.users.get(name);
    const user = ref && (await deps.store.accounts.byId(ref.id));
    if (!user) throw notFound(`User ${name}`);
    const page = { limit: 50, offset: 0 };
    const [authored, submissions, upvoted, orgs] = await Promise.all([
      deps.store.claims.papersOf(user.id, page),
      deps.store.submissions.byUser(user.id, page),
      user.showUpvotes || c.get('viewer')?.id === user.id ? deps.store.accounts.upvotedPapers(user.id, page) : Promise.resolve(undefined),
      deps.store.memberships.orgsOf(user.id),
    ]);
    const viewer = c.get('viewer');
    const vote = viewer && (await viewerVotes(deps.store, viewer, [...authored, ...(upvoted ?? [])]));
    return c.body(profileView({ user, authored, submissions, upvoted, orgs, account: k.menu(c), vote }).value, 200, { 'Content-Type': HTML, 'Cache-Control': viewer ? 'private, no-store' : 'no-cache' });
  });
}
