import { timingSafeEqual } from 'node:crypto';
import type { Hono, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { METRICS_CONTENT_TYPE, type MetricsRegistry } from '../metrics/metricsRegistry.ts';
import { HttpError } from './errors.ts';
import type { AppEnv } from './viewer.ts';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** Latency buckets in seconds: from a cached page (~1 ms) to a slow search. */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Times every request into `paperwire_http_request_duration_seconds`, labelled by route family — the pattern
 * of the route that answered (`/papers/:id`), never the raw path, so the series stay few — method and status
 * class. A request no route answered is `unmatched`; one a middleware answered (a rate limit) carries the
 * middleware's pattern (`/api/*`).
 */
export function requestMetrics(metrics: MetricsRegistry): MiddlewareHandler<AppEnv> {
  const latency = metrics.histogram('paperwire_http_request_duration_seconds', 'Time to answer HTTP requests, by route family, method and status class.', BUCKETS);
  return async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const route = matchedRoutes(c)[c.req.routeIndex];
      const family = !route || (route.method === 'ALL' && c.res.status === 404) ? 'unmatched' : route.path;
      const method = METHODS.has(c.req.method) ? c.req.method : 'other';
      latency.observe({ family, method, status: `${Math.floor(c.res.status / 100)}xx` }, (performance.now() - started) / 1000);
    }
  };
}

const sameSecret = (given: string, expected: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * `GET /metrics` in Prometheus' text format, for the scraper holding PAPERWIRE_METRICS_TOKEN as a Bearer token.
 * Without the setting the endpoint does not exist (404); a missing or wrong token is answered 401.
 */
export function registerMetricsRoute(app: Hono<AppEnv>, metrics: MetricsRegistry | undefined, token: string | undefined): void {
  app.get('/metrics', async (c) => {
    if (!metrics || !token) throw new HttpError(404, 'There is no page at this address.');
    const auth = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
    if (!auth || !sameSecret(auth[1]!, token)) {
      return c.text('metrics need the Bearer token set in PAPERWIRE_METRICS_TOKEN\n', 401, { 'WWW-Authenticate': 'Bearer realm="metrics"', 'Cache-Control': 'no-store' });
    }
    return c.body(await metrics.render(), 200, { 'Content-Type': METRICS_CONTENT_TYPE, 'Cache-Control': 'no-store' });
  });
}
