import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

/**
 * A request header, read from Node's parsed headers when the app runs under the Node adapter (which passes the
 * IncomingMessage as `c.env.incoming`), else from the Fetch Request (in-process tests, other runtimes). Reading
 * `c.req.header()` under Node makes the adapter build a whole Fetch `Headers` object, a measurable part of a
 * cached page's cost; the hot path (session cookie, Accept-Encoding, If-None-Match) reads this way instead.
 * `name` must be lower case. Repeated headers come joined as Node joins them (cookies with "; ").
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (incoming?.headers) {
    const v = incoming.headers[name];
    return Array.isArray(v) ? v.join(', ') : v;
  }
  return c.req.header(name);
}
