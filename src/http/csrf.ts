import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { deriveKey, hmac, randomToken, sameSecret } from '../community/secrets.ts';
import { HttpError } from './errors.ts';
import type { AppEnv } from './viewer.ts';

const ANON_COOKIE = 'pw_anon';

/** The CSRF token for a signed-in session: derived from the session token with the server secret, never stored. */
export const sessionCsrf = (secret: string, sessionToken: string) => hmac(deriveKey(secret, 'csrf'), `csrf:${sessionToken}`);

const anonToken = (secret: string, seed: string) => hmac(deriveKey(secret, 'csrf'), `anon:${seed}`);

/**
 * The CSRF token for forms shown to anonymous visitors (sign up, sign in, reset): bound to a random
 * HttpOnly cookie set here, so a forged cross-site post cannot carry a matching pair.
 */
export function anonCsrf(c: Context<AppEnv>, secret: string, secure: boolean): string {
  let seed = getCookie(c, ANON_COOKIE);
  if (!seed || seed.length > 100) {
    seed = randomToken(18);
    setCookie(c, ANON_COOKIE, seed, { httpOnly: true, sameSite: 'Lax', secure, path: '/', maxAge: 86400 });
  }
  return anonToken(secret, seed);
}

/** Refuses a state-changing form post whose CSRF token does not match the viewer's session (or anonymous cookie). */
export function checkCsrf(c: Context<AppEnv>, secret: string, token: unknown): void {
  const viewer = c.get('viewer');
  const sent = typeof token === 'string' ? token : '';
  let expected: string | undefined;
  if (viewer) expected = viewer.csrf;
  else {
    const seed = getCookie(c, ANON_COOKIE);
    expected = seed ? anonToken(secret, seed) : undefined;
  }
  if (!expected || !sent || !sameSecret(sent, expected)) throw new HttpError(403, 'This form has expired or did not come from this site; go back, reload the page and try again');
}
