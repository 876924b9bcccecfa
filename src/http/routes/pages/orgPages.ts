import type { Hono } from 'hono';
import { orgView } from '../../../views/orgView.ts';
import type { AppEnv } from '../../viewer.ts';
import type { AppDeps } from '../../deps.ts';
import { notFound } from '../../errors.ts';
import { pageNumber } from '../../pageParams.ts';
import { HTML, sendCached } from '../../respond.ts';

const PAGE_SIZE = 30;

/** An organization's page listing its papers. */
export function registerOrgPages(app: Hono<AppEnv>, deps: AppDeps): void {
  app.get('/orgs/:name', async (c) => {
    const name = c.req.param('name');
    const page = pageNumber(c.req.query('p'));
    const org = await deps.store.organizations.get(name);
    if (!org) throw notFound(`Organization ${name}`);
    const cached = await deps.cache.get(`org:${org.name}:${page}`, deps.store.revision(), async () => {
      const { papers, total } = await deps.store.papers.listByOrganization(org.name, { limit: PAGE_SIZE, offset: page * PAGE_SIZE });
      return orgView(org, papers, total, page, PAGE_SIZE).value;
    });
    return sendCached(c, cached, HTML);
  });
}
