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
import { searchContext, searchPapers, type SearchFilters } from '../../search/searchPapers.ts';
import { dateSpan } from '../../search/query/parseQuery.ts';

/** The read-only papers API: daily lists, one paper, search. */
export const papersApiDocs: ApiRouteDoc[] = [
  { method: 'get', path: '/api/daily_papers', tag: 'papers', summary: 'Papers featured on a day, week or month (or the newest across all days)', query: dailyPapersQuery, response: z.array(apiDailyItem), errors: [400] },
  { method: 'get', path: '/api/papers/{id}', tag: 'papers', summary: 'One paper', params: paperParams, response: apiPaper, errors: [404] },
  { method: 'get', path: '/api/papers/search', tag: 'papers', summary: 'Search papers: hybrid lexical and semantic ranking, the query language, filters and orders', query: searchQuery, response: z.array(apiSearchItem), errors: [400] },
];

function periodOf(q: z.infer<typeof dailyPapersQuery>): Period | undefined {
  const given = [q.date, q.week, q.month].filter(Boolean).length;
  if (given > 1) throw badRequest('give at most one of date, week and month');
  if (q.date) return parseDay(q.date) ?? (() => { throw badRequest('date is not a real day'); })();
  if (q.week) return parseWeek(q.week) ?? (() => { throw badRequest('week is not a real ISO week'); })();
  if (q.month) return parseMonth(q.month) ?? (() => { throw badRequest('month is not a real month'); })();
  return undefined;
}

/** The search filters given as API parameters (dates widened to whole months or years as written). */
function searchFilters(q: z.infer<typeof searchQuery>): SearchFilters {
  const from = q.from ? dateSpan(q.from) : undefined;
  const to = q.to ? dateSpan(q.to) : undefined;
  if ((q.from && !from) || (q.to && !to)) throw badRequest('from and to must be real dates');
  return {
    from: from?.first,
    to: to?.last,
    categories: q.category ? [q.category] : undefined,
    orgs: q.org ? [q.org] : undefined,
    hasCode: q.has_code === '1' || q.has_code === 'true',
  };
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
    const raw = Object.fromEntries(Object.entries(c.req.query()).map(([k, v]) => [k, v.replace(/\0/g, '')]));
    const q = parseInput(searchQuery, raw);
    const result = await searchPapers(searchContext(store), {
      q: q.q,
      mode: q.mode,
      sort: q.sort,
      limit: q.limit,
      offset: q.offset,
      filters: searchFilters(q),
    });
    if (result.problems.length) throw badRequest(result.problems[0]!.replace(/; it was ignored$/, ''));
    // misspelled words were searched as the corpus spells them: say how, outside the Hugging Face-shaped body
    if (result.revision?.suggestion) c.header('X-Corrected-Query', encodeURIComponent(result.revision.suggestion));
    return c.json(result.papers.map((p) => ({ paper: toApiPaper(p), numComments: p.numComments, isAuthorParticipating: false })));
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
