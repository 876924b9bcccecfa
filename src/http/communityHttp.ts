import type { Context } from 'hono';
import type { CommunityDeps } from '../community/communityDeps.ts';
import type { Account } from '../community/types.ts';
import { createMailer } from '../mail/mailer.ts';
import { accountMenu } from '../views/accountMenu.ts';
import type { SafeHtml } from '../views/html.ts';
import { checkCsrf } from './csrf.ts';
import type { AppDeps } from './deps.ts';
import { HttpError } from './errors.ts';
import { RateLimiter, rateLimitHeaders } from './rateLimit.ts';
import { viewerAccount } from './session.ts';
import type { AppEnv } from './viewer.ts';

/** What the community routes share: the use-case deps, the limiters, and small request helpers. */
export interface CommunityHttp {
  cd: CommunityDeps;
  /** Whether cookies get the Secure flag (the site is served over https). */
  secure: boolean;
  apiLimiter: RateLimiter;
  /** Failed sign-ins per login name and per address (throttling), sign-ups and reset mails per address. */
  loginFailures: RateLimiter;
  loginFailuresByIp: RateLimiter;
  mailsByIp: RateLimiter;
  /** Writes (votes, comments, submissions) per user. */
  writes: RateLimiter;
  /** The form fields of a POST, as strings, after checking its CSRF token. */
  form(c: Context<AppEnv>): Promise<Record<string, string>>;
  /** The signed-in account, or a 401 (pages redirect to sign-in instead, see `requirePageAccount`). */
  account(c: Context<AppEnv>): Promise<Account>;
  /** Counts a write for the account; 429 with Retry-After past the limit. */
  countWrite(c: Context<AppEnv>, account: Account): void;
  /** The header account menu for the signed-in viewer (undefined when anonymous: the layout shows sign-in links). */
  menu(c: Context<AppEnv>): SafeHtml | undefined;
}

/** Builds the community HTTP helpers over the app's deps (the mailer defaults to the configured one). */
export function createCommunityHttp(deps: AppDeps & { mailer?: CommunityDeps['mailer'] }): CommunityHttp {
  const cd: CommunityDeps = { store: deps.store, config: deps.config, log: deps.log, mailer: deps.mailer ?? createMailer(deps.config, deps.log), today: deps.today };
  const writes = new RateLimiter(deps.config.writeRateLimit, 10 * 60_000);
  return {
    cd,
    secure: deps.config.baseUrl.startsWith('https:'),
    apiLimiter: new RateLimiter(deps.config.apiRateLimit, 5 * 60_000),
    loginFailures: new RateLimiter(10, 15 * 60_000),
    loginFailuresByIp: new RateLimiter(100, 15 * 60_000),
    mailsByIp: new RateLimiter(20, 60 * 60_000),
    writes,
    async form(c) {
      let body: Record<string, unknown>;
      try {
        body = await c.req.parseBody();
      } catch {
        throw new HttpError(400, 'The form could not be read');
      }
      checkCsrf(c, deps.config.secret, body.csrf);
      return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v.replace(/\0/g, '') : '']));
    },
    async account(c) {
      const account = await viewerAccount(c, deps.store);
      if (!account) throw new HttpError(401, 'Sign in first');
      return account;
    },
    countWrite(c, account) {
      const d = writes.hit(`user:${account.id}`);
      if (!d.ok) {
        for (const [k, v] of Object.entries({ ...rateLimitHeaders('writes', d, 600), 'Retry-After': String(d.resetS) })) c.header(k, v);
        throw new HttpError(429, `You are posting too fast: at most ${d.limit} votes, comments and submissions per 10 minutes; try again in ${d.resetS} s`);
      }
    },
    menu(c) {
      const viewer = c.get('viewer');
      return viewer ? accountMenu(viewer) : undefined;
    },
  };
}

