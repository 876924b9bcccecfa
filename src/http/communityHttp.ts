import type { Context } from 'hono';
import type { CommunityDeps } from '../community/communityDeps.ts';
import type { Account } from '../community/types.ts';
import { createMailer } from '../mail/mailer.ts';
import { accountMenu } from '../views/accountMenu.ts';
import type { SafeHtml } from '../views/html.ts';
import { checkCsrf } from './csrf.ts';
import type { AppDeps } from './deps.ts';
import { HttpError } from './errors.ts';
import { SharedLimit } from './rateLimit.ts';
import { viewerAccount } from './session.ts';
import type { AppEnv } from './viewer.ts';

/** What the community routes share: the use-case deps, the limits (kept in the database), and small request helpers. */
export interface CommunityHttp {
  cd: CommunityDeps;
  /** Whether cookies get the Secure flag (the site is served over https). */
  secure: boolean;
  /** Anonymous API requests per client address. */
  apiLimiter: SharedLimit;
  /** Mails a client can cause: sign-ups, reset and confirmation mails, per address (or per account). */
  mails: SharedLimit;
  /** Writes (votes, comments, submissions) per user. */
  writes: SharedLimit;
  /** The form fields of a POST, as strings, after checking its CSRF token. */
  form(c: Context<AppEnv>): Promise<Record<string, string>>;
  /** The signed-in account, or a 401 (pages redirect to sign-in instead, see `requirePageAccount`). */
  account(c: Context<AppEnv>): Promise<Account>;
  /** Counts a write for the account; 429 with Retry-After past the limit. */
  countWrite(c: Context<AppEnv>, account: Account): Promise<void>;
  /** The header account menu for the signed-in viewer (undefined when anonymous: the layout shows sign-in links). */
  menu(c: Context<AppEnv>): SafeHtml | undefined;
}

/** Builds the community HTTP helpers over the app's deps (the mailer defaults to the configured one). */
export function createCommunityHttp(deps: AppDeps & { mailer?: CommunityDeps['mailer'] }): CommunityHttp {
  const cd: CommunityDeps = { store: deps.store, config: deps.config, log: deps.log, mailer: deps.mailer ?? createMailer(deps.config, deps.log), today: deps.today };
  const limits = deps.store.limits;
  const writes = new SharedLimit(limits, 'writes', deps.config.writeRateLimit, 10 * 60_000);
  return {
    cd,
    secure: deps.config.baseUrl.startsWith('https:'),
    apiLimiter: new SharedLimit(limits, 'anonymous', deps.config.apiRateLimit, 5 * 60_000),
    mails: new SharedLimit(limits, 'mails', 20, 60 * 60_000),
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
      return writes.enforce(c, `user:${account.id}`, (d) => `You are posting too fast: at most ${d.limit} votes, comments and submissions per 10 minutes; try again in ${d.resetS} s`);
    },
    menu(c) {
      const viewer = c.get('viewer');
      return viewer ? accountMenu(viewer) : undefined;
    },
  };
}

