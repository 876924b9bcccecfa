import { createHash, createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const SCRYPT = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEYLEN = 32;

function scryptAsync(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password.normalize('NFKC'), salt, KEYLEN, SCRYPT, (err, key) => (err ? reject(err) : resolve(key))));
}

/** Hashes a password with scrypt and a random salt, as `scrypt$N$r$p$salt$hash` (parameters kept for later upgrades). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** A hash of no real password: checked against when the user is unknown, so both answers take the same time. */
export const DUMMY_HASH = `scrypt$16384$8$1$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(32).toString('base64url')}`;

/** Checks a password against a stored hash in constant time; false for malformed hashes. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const expected = Buffer.from(parts[5]!, 'base64url');
  const key = await scryptAsync(password, Buffer.from(parts[4]!, 'base64url'));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A random URL-safe secret (sessions, mail links, API tokens). */
export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

/** How secrets are kept at rest: only their SHA-256, so a leaked database reveals no usable token. */
export const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

/** A keyed digest (CSRF tokens derived from a session). */
export const hmac = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('base64url');

/** Compares two strings in constant time. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
