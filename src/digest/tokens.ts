import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a token may be used for; a token made for one purpose never verifies for another. */
export type TokenPurpose = 'confirm' | 'unsubscribe' | 'feed';

const sign = (secret: string, purpose: TokenPurpose, payload: string) =>
  createHmac('sha256', secret).update(`paperwire/${purpose}\n${payload}`).digest().subarray(0, 18).toString('base64url');

/**
 * A URL-safe token: the payload (the fields it binds, such as a subscriber id and address) and an HMAC-SHA256 of
 * purpose and payload under `config.secret`. Nothing is stored; changing any field, or the purpose, breaks it.
 */
export function createToken(secret: string, purpose: TokenPurpose, fields: (string | number)[]): string {
  const payload = Buffer.from(fields.join('\n'), 'utf8').toString('base64url');
  return `${payload}.${sign(secret, purpose, payload)}`;
}

/** The fields of a valid token for this purpose, or undefined for anything forged, truncated or meant for another use. */
export function readToken(secret: string, purpose: TokenPurpose, token: string | undefined): string[] | undefined {
  if (!token || token.length > 2048) return undefined;
  const dot = token.indexOf('.');
  if (dot <= 0) return undefined;
  const payload = token.slice(0, dot);
  // compared as text, not decoded: base64url decoding ignores spare trailing bits, which would make tokens malleable
  const given = Buffer.from(token.slice(dot + 1), 'utf8');
  const expected = Buffer.from(sign(secret, purpose, payload), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return Buffer.from(payload, 'base64url').toString('utf8').split('\n');
}
