import { createHmac, timingSafeEqual } from 'node:crypto';
import { deriveKey } from '../community/secrets.ts';

/** What a token may be used for; a token made for one purpose never verifies for another. */
export type TokenPurpose = 'confirm' | 'unsubscribe' | 'feed';

/**
 * The signing key of one purpose, derived from the one secret with HKDF-SHA256 (the purpose is the "info"), so a
 * key that leaks or is misused for one purpose says nothing about the others.
 */
export const purposeKey = (secret: string, purpose: TokenPurpose) => deriveKey(secret, purpose);

const sign = (key: Buffer | string, purpose: TokenPurpose, payload: string) =>
  createHmac('sha256', key).update(`paperwire/${purpose}\n${payload}`).digest().subarray(0, 18).toString('base64url');

/**
 * A URL-safe token: the payload (the fields it binds, such as a subscriber id, its address and its link version)
 * and an HMAC-SHA256 of purpose and payload under the purpose's key. Nothing is stored; changing any field, or the
 * purpose, breaks it.
 */
export function createToken(secret: string, purpose: TokenPurpose, fields: (string | number)[]): string {
  const payload = Buffer.from(fields.join('\n'), 'utf8').toString('base64url');
  return `${payload}.${sign(purposeKey(secret, purpose), purpose, payload)}`;
}

const matches = (given: string, expected: string) => {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * The fields of a valid token for this purpose, or undefined for anything forged, truncated or meant for another
 * use. With `legacy`, a token signed the old way (the secret itself as key, before per-purpose keys) is accepted
 * too: links in mails already sent keep working until the subscriber rotates them (callers accept those only at
 * link version 0).
 */
export function readToken(secret: string, purpose: TokenPurpose, token: string | undefined, options: { legacy?: boolean } = {}): string[] | undefined {
  if (!token || token.length > 2048) return undefined;
  const dot = token.indexOf('.');
  if (dot <= 0) return undefined;
  const payload = token.slice(0, dot);
  // compared as text, not decoded: base64url decoding ignores spare trailing bits, which would make tokens malleable
  const given = token.slice(dot + 1);
  const ok = matches(given, sign(purposeKey(secret, purpose), purpose, payload)) || (options.legacy === true && matches(given, sign(secret, purpose, payload)));
  return ok ? Buffer.from(payload, 'base64url').toString('utf8').split('\n') : undefined;
}
