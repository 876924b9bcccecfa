import type { Context } from 'hono';
import { gzipSync } from 'node:zlib';
import type { CachedBody } from './pageCache.ts';
import type { AppEnv } from './viewer.ts';
import { SECURITY_HEADERS } from './securityHeaders.ts';

/**
 * Sends a cached body with its ETag (gzip-compressed when the client accepts it), or 304 when the client
 * already has it. The headers are a plain object with
 * the security headers included, which keeps the node adapter on its fast path for the busiest pages.
 */
export function sendCached(c: Context<AppEnv>, cached: CachedBody, type: string, maxAge = 0): Response {
  c.set('secured', true);
  const gzip = /\bgzip\b/i.test(c.req.header('accept-encoding') ?? '') && cached.bytes.byteLength > 1024;
  const etag = gzip ? `${cached.etag.slice(0, -1)}-gz"` : cached.etag;
  const headers: Record<string, string> = { ...SECURITY_HEADERS, ETag: etag, 'Cache-Control': `public, max-age=${maxAge}, must-revalidate`, 'Content-Type': type, Vary: 'Accept-Encoding' };
  const inm = c.req.header('if-none-match');
  if (inm && inm.split(',').some((t) => [cached.etag, `${cached.etag.slice(0, -1)}-gz"`].includes(t.trim().replace(/^W\//, '')))) {
    return new Response(null, { status: 304, headers });
  }
  let body = cached.bytes;
  if (gzip) {
    body = cached.gzip ??= gzipSync(cached.bytes, { level: 6 });
    headers['Content-Encoding'] = 'gzip';
  }
  headers['Content-Length'] = String(body.byteLength);
  return new Response(body as unknown as BodyInit, { status: 200, headers });
}

/** Content type of server-rendered pages. */
export const HTML = 'text/html; charset=utf-8';
/** Content type of API responses. */
export const JSON_TYPE = 'application/json; charset=utf-8';
