import type { Context } from 'hono';
import { gzipSync } from 'node:zlib';
import type { CachedBody, SendHeaders } from './pageCache.ts';
import { requestHeader } from './requestHeader.ts';
import type { AppEnv } from './viewer.ts';
import { SECURITY_HEADERS } from './securityHeaders.ts';

const gzipTag = (etag: string) => `${etag.slice(0, -1)}-gz"`;

/** The response headers of a cached body sent as `type` with `maxAge`, made once and kept with the body. */
function sendHeaders(cached: CachedBody, type: string, maxAge: number): SendHeaders {
  const common = { ...SECURITY_HEADERS, 'Cache-Control': `public, max-age=${maxAge}, must-revalidate`, 'Content-Type': type, Vary: 'Accept-Encoding' };
  const plain304 = { ...common, ETag: cached.etag };
  const gzip304 = { ...common, ETag: gzipTag(cached.etag) };
  return { type, maxAge, plain304, gzip304, plain: { ...plain304, 'Content-Length': String(cached.bytes.byteLength) } };
}

/** Whether an If-None-Match header names this body's ETag, plain or gzip, weak or strong. */
function matches(inm: string, etag: string): boolean {
  const gz = gzipTag(etag);
  return inm.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === etag || tag === gz;
  });
}

/**
 * Sends a cached body with its ETag (gzip-compressed when the client accepts it), or 304 when the client
 * already has it. The gzip bytes and every header set are computed on first use and kept with the cached body,
 * so a hit costs two header reads and one Response; the headers are plain objects with the security headers
 * included, which keeps the Node adapter on its fast path for the busiest pages.
 */
export function sendCached(c: Context<AppEnv>, cached: CachedBody, type: string, maxAge = 0): Response {
  c.set('secured', true);
  let h = cached.headers;
  if (!h || h.type !== type || h.maxAge !== maxAge) h = cached.headers = sendHeaders(cached, type, maxAge);
  const gzip = cached.bytes.byteLength > 1024 && /\bgzip\b/i.test(requestHeader(c, 'accept-encoding') ?? '');
  const inm = requestHeader(c, 'if-none-match');
  if (inm && matches(inm, cached.etag)) return new Response(null, { status: 304, headers: gzip ? h.gzip304 : h.plain304 });
  if (!gzip) return new Response(cached.bytes as unknown as BodyInit, { status: 200, headers: h.plain });
  const body = (cached.gzip ??= gzipSync(cached.bytes, { level: 6 }));
  h.gzip ??= { ...h.gzip304, 'Content-Encoding': 'gzip', 'Content-Length': String(body.byteLength) };
  return new Response(body as unknown as BodyInit, { status: 200, headers: h.gzip });
}

/** Content type of server-rendered pages. */
export const HTML = 'text/html; charset=utf-8';
/** Content type of API responses. */
export const JSON_TYPE = 'application/json; charset=utf-8';
