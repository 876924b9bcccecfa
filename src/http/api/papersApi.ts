import type { Hono } from 'hono';
import { z } from 'zod';
import { parseDay, parseMonth, parseWeek, type Period } from '../../feed/periods.ts';
import { listTrending } from '../../feed/trending.ts';
import { isPaperId } from '../../model/paperId.ts';
import type { AppEnv } from '../viewer.ts';
import type { AppDeps } from '../deps.ts';
import { badRequest, notFound } from '../errors.ts';
import { JSON_TYPE, sendCached } from '../respond.ts';
import { parseInput, type ApiRouteDoc } from './apiDoc.ts';
import { apiDailyItem, apiPaper, apiSearchItem, dailyPapersQuery, paperParams, searchQuery } from './schemas.ts';
import { toApiDailyItem, toApiPaper } from './serialize.ts';

/** The read-only papers API: daily lists, one paper, search. */
export const papersApiDocs: ApiRouteDoc[] = [
  { method: 'get', path: '/api/daily_papers', tag: 'papers', summary: 'Papers featured on a day, week or month (or the newest across all days)', query: dailyPapersQuery, response: z.array(apiDailyItem), errors: [400] },
  { method: 'get', path: '/api/papers/{id}', tag: 'papers', summary: 'One paper', params: paperParams, response: apiPaper, errors: [404] },
  { method: 'get', path: '/api/papers/search', tag: 'papers', summary: 'Search papers by title, abstract and authors', query: searchQuery, response: z.array(apiSearchItem), errors: [400] },
];

function periodOf(q: z.infer<typeof dailyPapersQuery>): Period | undefined {
  const given = [q.date, q.week, q.month].filter(Boolean).length;
  if (given > 1) throw badRequest('give at most one of date, week and month');
  if (q.date) return parseDay(q.date) ?? (() => { throw badRequest('date is not a real day'); })();
  if (q.week) return parseWeek(q.week) ?? (() => { throw badRequest('week is not a real ISO week'); })();
  if (q.month) return parseMonth(q.month) ?? (() => { throw badRequest('month is not a real month'); })();
  return undefined;
}

/** Registers the endpoints described in papersApiDocs. */
export function registerPapersApi(app: Hono<AppEnv>, deps: AppDeps): void {
  const { store, cache } = deps;

  app.get('/api/daily_papers', async (c) => {
    const q = parseInput(dailyPapersQuery, c.req.query());
    const period = periodOf(q);
    const key = `api:daily:${JSON.stringify(q)}:${deps.today()}`;
    const cached = await cache.get(key, store.revision(), async () => {
      const page = { limit: q.limit, offset: q.p * q.limit };
      let entries;
      if (q.sort === 'trending' && !period) {
        entries = (await listTrending(store, { days: deps.config.trendingDays, ...page, today: deps.today() })).entries;
      } else {
        const range = period ?? { from: '0000-01-01', to: '9999-12-31' };
        entries = (await store.daily.list({ ...range, submitter: q.submitter }, q.sort === 'trending' ? 'upvotes' : 'date', page)).entries;
      }
      return JSON.stringify(entries.map(toApiDailyItem));
    });
    return sendCached(c, cached, JSON_TYPE);
  });

  app.get('/api/papers/search', async (c) => {
    const q = parseInput(searchQuery, { q: c.req.query('q')?.replace(/\0/g, ''), limit: c.req.query('limit') });
    const { papers } = await store.papers.searchText(q.q, { limit: q.limit, offset: 0 });
    return c.json(papers.map((p) => ({ paper: toApiPaper(p), numComments: p.numComments, isAuthorParticipating: false })));
  });

  app.get('/api/papers/*', async (c) => {
    let id: string;
    try {
      id = decodeURIComponent(c.req.path.slice('/api/papers/'.length));
    } catch {
      throw notFound('That paper');
    }
    if (!isPaperId(id)) throw notFound(`Paper ${id}`);
    const paper = await store.papers.get(id);
    if (!paper) throw notFound(`Paper ${id}`);
    const featured = await store.papers.featuredOn(id);
    const first = featured[featured.length - 1];
    return c.json(toApiPaper(paper, first));
  });
}
