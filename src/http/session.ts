import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { SESSION_TTL_MS } from '../community/accounts.ts';
import { sha256 } from '../community/secrets.ts';
import type { Account } from '../community/types.ts';
import type { Store } from '../storage/store.ts';
import { sessionCsrf } from './csrf.ts';
import { requestHeader } from './requestHeader.ts';
import type { AppEnv } from './viewer.ts';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'pw_session';

/**
 * Looks up the session cookie and sets `viewer` for the request (with its CSRF token). Requests without the
 * cookie (anonymous pages, the hot path) cost one header read, from Node's own parsed headers (requestHeader.ts).
 */
export function sessionMiddleware(store: Store, secret: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const cookie = requestHeader(c, 'cookie');
    if (cookie && cookie.includes(SESSION_COOKIE)) {
      const token = getCookie(c, SESSION_COOKIE);
      if (token && token.length < 100) {
        const account = await store.accounts.sessionAccount(sha256(token), new Date().toISOString());
        if (account) c.set('viewer', { id: account.id, username: account.username, role: account.role, csrf: sessionCsrf(secret, token) });
      }
    }
    await next();
  };
}

/** Sets the session cookie: HttpOnly, SameSite=Lax, Secure when the site is served over https. */
export function setSessionCookie(c: Context, token: string, secure: boolean): void {
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', secure, path: '/', maxAge: Math.floor(SESSION_TTL_MS / 1000) });
}

/** Clears the session cookie. */
export function clearSessionCookie(c: Context, secure: boolean): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure });
}

/** The session token of this request, if any (for sign-out). */
export const sessionToken = (c: Context) => getCookie(c, SESSION_COOKIE);

/** The full account of the signed-in viewer, for use cases that check roles, verification or suspension. */
export async function viewerAccount(c: Context<AppEnv>, store: Store): Promise<Account | undefined> {
  const viewer = c.get('viewer');
  return viewer ? store.accounts.byId(viewer.id) : undefined;
}
