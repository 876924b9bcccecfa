import type { Hono } from 'hono';
import { searchView } from '../../../views/searchView.ts';
import type { AppEnv } from '../../viewer.ts';
import type { AppDeps } from '../../deps.ts';
import { badRequest } from '../../errors.ts';
import { HTML } from '../../respond.ts';

/** Longest query the search page accepts. */
const MAX_QUERY = 250;

/** The search page (`/search?q=`). */
export function registerSearchPages(app: Hono<AppEnv>, deps: AppDeps): void {
  app.get('/search', async (c) => {
    const q = (c.req.query('q') ?? '').replace(/\0/g, '').trim();
    if (q.length > MAX_QUERY) throw badRequest(`the query is too long: at most ${MAX_QUERY} characters`);
    const { papers, total } = q ? await deps.store.papers.searchText(q, { limit: 50, offset: 0 }) : { papers: [], total: 0 };
    return c.body(searchView(q, papers, total).value, 200, { 'Content-Type': HTML });
  });
}
