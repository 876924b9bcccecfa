import type { Hono } from 'hono';
import { orgView } from '../../../views/orgView.ts';
import type { AppEnv } from '../../viewer.ts';
import type { AppDeps } from '../../deps.ts';
import { notFound } from '../../errors.ts';
import { pageNumber } from '../../pageParams.ts';
import { HTML, sendCached } from '../../respond.ts';
import { PRIVATE_PAGE, viewerVotes } from '../../viewerVotes.ts';
import { accountMenu } from '../../../views/accountMenu.ts';
import { orgMembersView } from '../../../views/orgMembersView.ts';
import type { Viewer } from '../../viewer.ts';

const PAGE_SIZE = 30;

/** An organization's page listing its papers. */
export function registerOrgPages(app: Hono<AppEnv>, deps: AppDeps): void {
  app.get('/orgs/:name', async (c) => {
    const name = c.req.param('name');
    const page = pageNumber(c.req.query('p'));
    const org = await deps.store.organizations.get(name);
    if (!org) throw notFound(`Organization ${name}`);
    const render = async (viewer?: Viewer) => {
      const [{ papers, total }, members] = await Promise.all([deps.store.papers.listByOrganization(org.name, { limit: PAGE_SIZE, offset: page * PAGE_SIZE }), deps.store.memberships.members(org.id)]);
      const vote = viewer && (await viewerVotes(deps.store, viewer, papers));
      return orgView(org, papers, total, page, PAGE_SIZE, orgMembersView(org, members, viewer), viewer && accountMenu(viewer), vote).value;
    };
    const viewer = c.get('viewer');
    if (viewer) return c.body(await render(viewer), 200, PRIVATE_PAGE);
    const cached = await deps.cache.get(`org:${org.name}:${page}`, deps.store.revision('lists'), () => render());
    return sendCached(c, cached, HTML);
  });
}
