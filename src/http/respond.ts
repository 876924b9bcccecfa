import type { Context } from 'hono';
import type { CachedBody } from './pageCache.ts';

/** Sends a cached body with its ETag, or 304 when the client already has it. */
export function sendCached(c: Context, cached: CachedBody, type: string, maxAge = 0): Response {
  const headers = { ETag: cached.etag, 'Cache-Control': `public, max-age=${maxAge}, must-revalidate`, 'Content-Type': type };
  const inm = c.req.header('if-none-match');
  if (inm && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === cached.etag)) return new Response(null, { status: 304, headers });
  return new Response(cached.body, { status: 200, headers });
}

/** Content type of server-rendered pages. */
export const HTML = 'text/html; charset=utf-8';
/** Content type of API responses. */
export const JSON_TYPE = 'application/json; charset=utf-8';
