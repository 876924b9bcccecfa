import { Hono } from 'hono';
import { registerFeedRoutes } from '../feeds/feedRoutes.ts';
import { ASSETS } from '../views/assets.ts';
import { accountMenu } from '../views/accountMenu.ts';
import { messageView } from '../views/messageView.ts';
import type { ApiRouteDoc } from './api/apiDoc.ts';
import { authenticateToken } from '../community/accounts.ts';
import { communityApiDocs, registerCommunityApi } from './api/communityApi.ts';
import { buildOpenApi } from './api/openapi.ts';
import { papersApiDocs, registerPapersApi } from './api/papersApi.ts';
import { personalApiDocs, registerPersonalApi } from './api/personalApi.ts';
import { registerSimilarApi, similarApiDocs } from './api/similarApi.ts';
import { clientAddressMiddleware } from './clientAddress.ts';
import { createCommunityHttp } from './communityHttp.ts';
import { createSearchContext, searchReadiness, SearchNotReadyError, type SearchContext } from '../search/searchContext.ts';
import type { AppDeps } from './deps.ts';
import { HttpError } from './errors.ts';
import { StoreUnavailableError } from '../storage/storeErrors.ts';
import { registerMcpRoute } from './mcpRoute.ts';
import { BAD_HEADER_MESSAGE, headerGuard, isHeaderWriteError } from './headerGuard.ts';
import { requestBodyLimit, requestTimeout } from './limits.ts';
import { registerMetricsRoute, requestMetrics } from './metricsRoute.ts';
import { HTML } from './respond.ts';
import { apiRateLimit } from './rateLimit.ts';
import { registerAccountPages } from './routes/pages/accountPages.ts';
import { registerAdminPages } from './routes/pages/adminPages.ts';
import { registerIngestAdminPages } from './routes/pages/ingestAdminPages.ts';
import { registerCommunityPages } from './routes/pages/communityPages.ts';
import { registerDigestPages } from './routes/pages/digestPages.ts';
import { registerListPages } from './routes/pages/listPages.ts';
import { registerOrgAdminPages } from './routes/pages/orgAdminPages.ts';
import { registerOrgPages } from './routes/pages/orgPages.ts';
import { registerPaperPages } from './routes/pages/paperPages.ts';
import { registerPersonalPages } from './routes/pages/personalPages.ts';
import { registerSearchPages } from './routes/pages/searchPages.ts';
import { securityHeaders } from './securityHeaders.ts';
import { sessionMiddleware } from './session.ts';
import { registerUserPages } from './routes/pages/userPages.ts';
import type { AppEnv } from './viewer.ts';

/** Every documented API endpoint, in the order the OpenAPI document lists them. */
export const API_DOCS: ApiRouteDoc[] = [...papersApiDocs, ...similarApiDocs, ...communityApiDocs, ...personalApiDocs];

const isApi = (path: string) => path.startsWith('/api/') || path === '/openapi.json' || path === '/mcp';

/**
 * Builds the whole web application (pages, API, assets) over the given dependencies; opens nothing itself. Without
 * a search context (tests) it makes its own, which builds its indexes on the first search.
 */
/** What a 503 answered while the database is unreachable asks clients to wait, in seconds. */
const STORE_RETRY_AFTER_S = 5;

export function createApp(given: Omit<AppDeps, 'search'> & { search?: SearchContext }): Hono<AppEnv> {
  const deps: AppDeps = { ...given, search: given.search ?? createSearchContext(given.store) };
  const app = new Hono<AppEnv>();
  if (deps.metrics) app.use('*', requestMetrics(deps.metrics));
  app.use('*', securityHeaders);
  app.use('*', clientAddressMiddleware(deps.config.trustedProxies));
  app.use('*', headerGuard(deps.log));
  app.use('*', requestTimeout(deps.config.requestTimeoutMs));
  app.use('*', requestBodyLimit(deps.config.maxBodyBytes));
  const community = createCommunityHttp(deps);
  app.use('*', sessionMiddleware(deps.store, deps.config.secret));
  const rateLimit = apiRateLimit(community.apiLimiter, async (token) => Boolean(await authenticateToken(community.cd, token)));
  app.use('/api/*', rateLimit);
  app.use('/mcp', rateLimit);

  app.get('/static/:name', (c) => {
    const name = c.req.param('name');
    const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined; // not "constructor" from the prototype
    if (!asset) throw new HttpError(404, 'That file was not found');
    return c.body(asset.body, 200, { 'Content-Type': asset.type, 'Cache-Control': 'public, max-age=31536000, immutable' });
  });
  app.get('/favicon.ico', (c) => c.body(ASSETS['favicon.svg']!.body, 200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'public, max-age=86400' }));
  // liveness: the process answers; readiness: migrations done (the store is open) and the search indexes loaded
  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/readyz', (c) => {
    const r = searchReadiness(deps.search);
    if (!r.ready) c.header('Retry-After', '2');
    return c.json({ ready: r.ready, migrations: 'done', search: r }, r.ready ? 200 : 503, { 'Cache-Control': 'no-store' });
  });
  registerMetricsRoute(app, deps.metrics, deps.config.metricsToken);
  app.get('/openapi.json', (c) => c.json(buildOpenApi(API_DOCS, deps.config.baseUrl)));

  registerCommunityApi(app, deps, community); // before the papers API: its GET /api/papers/* would shadow …/comments
  registerSimilarApi(app, deps); // before the papers API: its GET /api/papers/* would shadow …/similar
  registerPapersApi(app, deps);
  registerPersonalApi(app, deps, community);
  registerMcpRoute(app, deps, community);
  registerAccountPages(app, deps, community);
  registerCommunityPages(app, deps, community);
  registerUserPages(app, deps, community);
  registerOrgAdminPages(app, deps, community); // before the org pages: /orgs/new is not an organization
  registerAdminPages(app, deps, community);
  registerIngestAdminPages(app, deps, community);
  registerDigestPages(app, deps, community);
  registerPersonalPages(app, deps, community);
  registerFeedRoutes(app, deps); // before the pages: /papers/date/:date would take "….rss"
  registerListPages(app, deps);
  registerOrgPages(app, deps);
  registerSearchPages(app, deps);
  registerPaperPages(app, deps);

  app.notFound((c) => {
    if (isApi(c.req.path)) return c.json({ error: 'no such endpoint' }, 404);
    return c.body(messageView('Page not found', 'There is no page at this address.').value, 404, { 'Content-Type': HTML });
  });

  app.onError((thrown, c) => {
    if (thrown instanceof SearchNotReadyError) c.header('Retry-After', String(thrown.retryAfterS));
    if (thrown instanceof StoreUnavailableError) {
      // the database is away for a moment (a restart, a failover): the pool reconnects by itself; clients retry
      c.header('Retry-After', String(STORE_RETRY_AFTER_S));
      deps.log.warn('database unavailable', { method: c.req.method, path: c.req.path, error: thrown.message });
    }
    const err =
      thrown instanceof SearchNotReadyError ? new HttpError(503, thrown.message)
      : thrown instanceof StoreUnavailableError ? new HttpError(503, 'The database is not reachable for a moment; try again in a few seconds')
      : thrown;
    const badHeader = isHeaderWriteError(err);
    const known = err instanceof HttpError || badHeader;
    const status = err instanceof HttpError ? err.status : badHeader ? 400 : 500;
    const message = err instanceof HttpError ? err.message : badHeader ? BAD_HEADER_MESSAGE : 'something went wrong on our side; the error was logged';
    if (!known) deps.log.error('request failed', { method: c.req.method, path: c.req.path, error: err instanceof Error ? err.stack : String(err) });
    if (isApi(c.req.path)) return c.json({ error: message }, status);
    const title = status === 404 ? 'Not found' : status === 400 ? 'Bad request' : status === 500 ? 'Server error' : status === 503 ? 'Unavailable for a moment' : 'Request refused';
    const viewer = c.get('viewer');
    return c.body(messageView(title, message, viewer && accountMenu(viewer)).value, status, { 'Content-Type': HTML });
  });
  return app;
}
