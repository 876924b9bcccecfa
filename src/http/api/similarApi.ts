import type { Hono } from 'hono';
import { z } from 'zod';
import { isPaperId } from '../../model/paperId.ts';
import { similarPapers } from '../../search/semantic/similarPapers.ts';
import type { AppDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import type { AppEnv } from '../viewer.ts';
import { parseInput, type ApiRouteDoc } from './apiDoc.ts';
import { apiPaper, paperParams } from './schemas.ts';
import { toApiPaper } from './serialize.ts';

/** Query of GET /api/papers/{id}/similar. */
export const similarQuery = z.object({
  limit: z.coerce
    .number({ error: 'limit must be a whole number from 1 to 50' })
    .int('limit must be a whole number from 1 to 50')
    .min(1, 'limit must be a whole number from 1 to 50')
    .max(50, 'limit must be a whole number from 1 to 50')
    .default(10)
    .describe('How many papers (1–50, default 10).'),
});

/** The similar-papers endpoint: the same neighbours the paper page lists. */
export const similarApiDocs: ApiRouteDoc[] = [
  { method: 'get', path: '/api/papers/{id}/similar', tag: 'papers', summary: 'Papers similar in meaning to one paper (nearest in the semantic index, else shared words)', params: paperParams, query: similarQuery, response: z.array(apiPaper), errors: [400, 404] },
];

/** Registers GET /api/papers/{id}/similar; must come before the papers API, whose GET /api/papers/* would take it. */
export function registerSimilarApi(app: Hono<AppEnv>, deps: AppDeps): void {
  app.get('/api/papers/*', async (c, next) => {
    const m = /^\/api\/papers\/(.+)\/similar$/.exec(c.req.path);
    if (!m) return next();
    let id: string;
    try {
      id = decodeURIComponent(m[1]!);
    } catch {
      throw notFound('That paper');
    }
    if (!isPaperId(id) || !(await deps.store.papers.get(id))) throw notFound(`Paper ${id}`);
    const { limit } = parseInput(similarQuery, c.req.query());
    const papers = await similarPapers(deps.search, id, limit);
    return c.json(papers.map((p) => toApiPaper(p)));
  });
}
