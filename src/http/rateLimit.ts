import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './viewer.ts';

/** How a hit on a limiter went: allowed or not, what is left in the window and when it resets. */
export interface RateDecision {
  ok: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetS: number;
}

/**
 * A fixed-window counter per key (IP, user, login), in memory: enough for one paperwire process, which is how
 * paperwire runs. Old windows are swept as new ones open so memory stays bounded by the active keys.
 */
export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();
  private lastSweep = 0;

  constructor(readonly limit: number, readonly windowMs: number) {}

  /** Counts one request for `key` (unless `dryRun`) and says whether it is within the limit. */
  hit(key: string, now = Date.now(), dryRun = false): RateDecision {
    if (now - this.lastSweep > this.windowMs) {
      for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
      this.lastSweep = now;
    }
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      w = { start: now, count: 0 };
      if (!dryRun) this.windows.set(key, w);
    }
    const ok = w.count < this.limit;
    if (ok && !dryRun) w.count++;
    return { ok, limit: this.limit, remaining: Math.max(0, this.limit - w.count), resetS: Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000)) };
  }

  /** Forgets a key (a successful login clears its failures). */
  reset(key: string): void {
    this.windows.delete(key);
  }
}

/** The client's address as the socket reports it ("unknown" in in-process tests without a socket). */
export function clientIp(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}

/** Sets the IETF draft RateLimit and RateLimit-Policy headers for a decision. */
export function rateLimitHeaders(policy: string, d: RateDecision, windowS: number): Record<string, string> {
  return { 'RateLimit-Policy': `"${policy}";q=${d.limit};w=${windowS}`, RateLimit: `"${policy}";r=${d.remaining};t=${d.resetS}` };
}

/**
 * Limits anonymous API requests per IP (default 500 per 5 minutes), announcing the policy in RateLimit headers
 * and answering 429 with Retry-After beyond it. Requests with a personal access token are limited per user
 * by the write limits instead. A limit of 0 turns it off.
 */
export function apiRateLimit(limiter: RateLimiter, validToken: (token: string) => Promise<boolean>): MiddlewareHandler<AppEnv> {
  const windowS = Math.round(limiter.windowMs / 1000);
  return async (c, next) => {
    if (limiter.limit === 0) return next();
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
    if (bearer && (await validToken(bearer[1]!))) return next();
    const d = limiter.hit(`ip:${clientIp(c)}`);
    const headers = rateLimitHeaders('anonymous', d, windowS);
    if (!d.ok) return c.json({ error: `Too many requests: anonymous API use is limited to ${d.limit} requests per ${windowS / 60} minutes per address; retry in ${d.resetS} s, or use a personal access token` }, 429, { ...headers, 'Retry-After': String(d.resetS) });
    await next();
    for (const [k, v] of Object.entries(headers)) c.res.headers.set(k, v);
  };
}
