import type { Context, MiddlewareHandler } from 'hono';
import { addressBucket } from '../config/addressRanges.ts';
import type { LimitStore } from '../storage/limitStore.ts';
import { clientAddress } from './clientAddress.ts';
import { HttpError } from './errors.ts';
import type { AppEnv } from './viewer.ts';

/** How a hit on a limit went: allowed or not, what is left in the window and when it resets. */
export interface RateDecision {
  ok: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetS: number;
}

/**
 * A fixed-window limit (`limit` events per `windowMs` per key) counted in the database, so every server over it
 * shares one budget. Keys are namespaced by the limit's name.
 */
export class SharedLimit {
  constructor(private readonly limits: LimitStore, readonly name: string, readonly limit: number, readonly windowMs: number) {}

  /** Counts one event for `key` and says whether it is within the limit. */
  async hit(key: string, now = Date.now()): Promise<RateDecision> {
    const { count, resetAt } = await this.limits.hit(`${this.name}:${key}`, this.windowMs, now);
    return { ok: count <= this.limit, limit: this.limit, remaining: Math.max(0, this.limit - count), resetS: Math.max(1, Math.ceil((resetAt - now) / 1000)) };
  }

  /** Counts one event for the request's client (IPv6 clients by their /64). */
  hitClient(c: Context<AppEnv>): Promise<RateDecision> {
    return this.hit(clientKey(c));
  }

  /**
   * Counts one event for `key` and, past the limit, answers 429: Retry-After and the RateLimit headers are set on
   * the response and an HttpError carrying `message` is thrown.
   */
  async enforce(c: Context, key: string, message: (d: RateDecision) => string): Promise<void> {
    const d = await this.hit(key);
    if (d.ok) return;
    for (const [k, v] of Object.entries({ ...rateLimitHeaders(this.name, d, Math.round(this.windowMs / 1000)), 'Retry-After': String(d.resetS) })) c.header(k, v);
    throw new HttpError(429, message(d));
  }
}

/** The key a request's client is counted under by per-address limits (IPv6 clients by their /64). */
export function clientKey(c: Context<AppEnv>): string {
  return addressBucket(clientAddress(c));
}

/** Sets the IETF draft RateLimit and RateLimit-Policy headers for a decision. */
export function rateLimitHeaders(policy: string, d: RateDecision, windowS: number): Record<string, string> {
  return { 'RateLimit-Policy': `"${policy}";q=${d.limit};w=${windowS}`, RateLimit: `"${policy}";r=${d.remaining};t=${d.resetS}` };
}

/**
 * Limits anonymous API requests per client address (default 500 per 5 minutes), announcing the policy in
 * RateLimit headers and answering 429 with Retry-After beyond it. Requests with a personal access token are
 * limited per user by the write limits instead. A limit of 0 turns it off.
 */
export function apiRateLimit(limiter: SharedLimit, validToken: (token: string) => Promise<boolean>): MiddlewareHandler<AppEnv> {
  const windowS = Math.round(limiter.windowMs / 1000);
  return async (c, next) => {
    if (limiter.limit === 0) return next();
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
    if (bearer && (await validToken(bearer[1]!))) return next();
    const d = await limiter.hitClient(c);
    const headers = rateLimitHeaders('anonymous', d, windowS);
    if (!d.ok) return c.json({ error: `Too many requests: anonymous API use is limited to ${d.limit} requests per ${windowS / 60} minutes per address; retry in ${d.resetS} s, or use a personal access token` }, 429, { ...headers, 'Retry-After': String(d.resetS) });
    await next();
    for (const [k, v] of Object.entries(headers)) c.res.headers.set(k, v);
  };
}
