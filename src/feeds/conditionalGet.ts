import type { Context } from 'hono';
import type { CachedBody } from '../http/pageCache.ts';
import type { AppEnv } from '../http/viewer.ts';

/** Content types of the two feed formats. */
export const FEED_TYPES = { rss: 'application/rss+xml; charset=utf-8', atom: 'application/atom+xml; charset=utf-8' } as const;

const REMEMBERED = 10_000;

/**
 * Conditional GET for feeds. The ETag is the body's hash; Last-Modified is when this process first served that
 * exact body (whole seconds), so a client that sends only If-Modified-Since still gets a 200 whenever anything in
 * the feed changed, vote counts included. If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2).
 */
export function conditionalFeedResponse() {
  const firstServed = new Map<string, number>();
  return (c: Context<AppEnv>, cached: CachedBody, format: keyof typeof FEED_TYPES, visibility: 'public' | 'private'): Response => {
    let since = firstServed.get(cached.etag);
    if (since === undefined) {
      since = Math.floor(Date.now() / 1000) * 1000;
      firstServed.set(cached.etag, since);
      if (firstServed.size > REMEMBERED) firstServed.delete(firstServed.keys().next().value!);
    }
    const headers: Record<string, string> = {
      'Content-Type': FEED_TYPES[format],
      ETag: cached.etag,
      'Last-Modified': new Date(since).toUTCString(),
      'Cache-Control': `${visibility}, max-age=300`,
    };
    if (visibility === 'private') headers['X-Robots-Tag'] = 'noindex';
    const inm = c.req.header('if-none-match');
    const ims = c.req.header('if-modified-since');
    const fresh = inm
      ? inm.split(',').some((t) => t.trim() === '*' || t.trim().replace(/^W\//, '') === cached.etag)
      : ims !== undefined && !Number.isNaN(Date.parse(ims)) && Date.parse(ims) >= since;
    if (fresh) return new Response(null, { status: 304, headers });
    return new Response(cached.bytes as unknown as BodyInit, { status: 200, headers });
  };
}
