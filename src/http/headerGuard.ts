import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../logging/logger.ts';
import type { AppEnv } from './viewer.ts';

/** Node's own rule for a header value (tab, printable ASCII and bytes 0x80–0xFF); anything else makes it throw. */
export const isValidHeaderValue = (value: string) => !/[^\t\x20-\x7e\x80-\xff]/.test(value);

/** Whether an error is the fetch Headers class refusing a value (CR, LF or NUL), i.e. bad input reached a header. */
export const isHeaderWriteError = (err: unknown) => err instanceof TypeError && /is an invalid header (value|name)/.test(err.message);

/** The message for a response that would have carried a header the request made invalid. */
export const BAD_HEADER_MESSAGE = 'The request asked for a response header with characters that are not allowed';

/**
 * Checks every response header before the server writes it: a value Node would refuse (and answer with a 500
 * and a stack trace, or a reset connection) becomes a plain 400 instead. Redirect targets are checked where they
 * are built (safeNext); this is the net under every other header.
 */
export function headerGuard(log: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    let bad: string | undefined;
    try {
      bad = [...c.res.headers].find(([, value]) => !isValidHeaderValue(value))?.[0];
    } catch (err) {
      // the server's lightweight response builds its Headers only now, and they refuse CR, LF and NUL
      if (!isHeaderWriteError(err)) throw err;
      bad = '(unreadable)';
    }
    if (!bad) return;
    log.warn('refused a response header with invalid characters', { method: c.req.method, path: c.req.path, header: bad });
    c.res = undefined;
    c.res = new Response(BAD_HEADER_MESSAGE, { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  };
}
