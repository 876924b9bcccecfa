import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HttpError } from './errors.ts';
import type { AppEnv } from './viewer.ts';

/**
 * Refuses request bodies over `maxBytes` with a 413 and a message (declared or streamed, so chunked bodies too).
 * GET and HEAD requests pass straight through: they carry no body, and asking for one would make the Node adapter
 * build a whole Fetch Request for every page view.
 */
export function requestBodyLimit(maxBytes: number): MiddlewareHandler<AppEnv> {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new HttpError(413, `The request body is too large: at most ${Math.round(maxBytes / 1024)} KB`);
    },
  });
  return (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limit(c, next));
}

/**
 * Answers 503 when a request has not finished within `ms`, so a client never waits without end; the work itself is
 * bounded elsewhere (query length, page sizes, verified candidates), this is the backstop the client sees.
 */
export function requestTimeout(ms: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new HttpError(503, `The request took longer than ${Math.round(ms / 1000)} s; try again`)), ms);
    });
    try {
      await Promise.race([next(), expired]);
    } finally {
      clearTimeout(timer);
    }
  };
}
