import type { Hono } from 'hono';
import { z } from 'zod';
import { dailyPapers, requestedPeriod } from '../../feed/dailyPapers.ts';
import { isPaperId } from '../../model/paperId.ts';
import type { AppEnv } from '../viewer.ts';
import type { AppDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { JSON_TYPE, sendCached } from '../respond.ts';
import { parseInput, type ApiRouteDoc } from './apiDoc.ts';
import { apiDailyItem, apiPaper, apiSearchItem, dailyPapersQuery, paperParams, searchQuery } from './schemas.ts';
import { toApiDailyItem, toApiPaper } from './serialize.ts';
import { searchWithParams } from '../../search/searchWithParams.ts';

/** The read-only papers API: daily lists, one paper, search. */
export const papersApiDocs: ApiRouteDoc[] = [
  { method: 'get', path: '/api/daily_papers', tag: 'papers', summary: 'Papers featured on a day, week or month (or the newest across all days)', query: dailyPapersQuery, response: z.array(apiDailyItem), errors: [400] },
  { method: 'get', path: '/api/papers/{id}', tag: 'papers', summary: 'One paper', params: paperParams, response: apiPaper, errors: [404] },
  { method: 'get', path: '/api/papers/search', tag: 'papers', summary: 'Search papers: hybrid lexical and semantic ranking, the query language, filters and orders', query: searchQuery, response: z.array(apiSearchItem), errors: [400] },
];

/** Registers the endpoints described in papersApiDocs. */
export function registerPapersApi(app: Hono<AppEnv>, deps: AppDeps): void {
  const { store, cache } = deps;

  app.get('/api/daily_papers', async (c) => {
    const q = parseInput(dailyPapersQuery, c.req.query());
    requestedPeriod(q); // a bad period is a 400 even when the page is cached
    const key = `api:daily:${JSON.stringify(q)}:${deps.today()}`;
    const cached = await cache.get(key, store.revision('content'), async () => {
      const entries = await dailyPapers(store, q, { trendingDays: deps.config.trendingDays, today: deps.today() });
      return JSON.stringify(entries.map(toApiDailyItem));
    });
    return sendCached(c, cached, JSON_TYPE);
  });

  app.get('/api/papers/search', async (c) => {
    const raw = Object.fromEntries(Object.entries(c.req.query()).map(([k, v]) => [k, v.replace(/\0/g, '')]));
    const q = parseInput(searchQuery, raw);
    // the Hugging Face-shaped body is the page alone: no total to count
    const result = await searchWithParams(deps.search, q, { total: false });
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
