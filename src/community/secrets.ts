import { createHash, createHmac, hkdfSync, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * The scrypt work factor new hashes get, as log2(N): 17 is OWASP's current recommendation (N=2^17, r=8, p=1:
 * 128 MiB and a few hundred milliseconds per hash). `PAPERWIRE_SCRYPT_COST` may change it (14 to 20).
 */
export const SCRYPT_COST = 17;
const R = 8;
const P = 1;
const KEYLEN = 32;

interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

function scryptAsync(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; Node refuses above maxmem (32 MiB by default), so allow that plus headroom
  const options = { ...params, maxmem: 128 * params.N * params.r + 32 * 1024 * 1024 };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFKC'), salt, KEYLEN, options, (err, key) => (err ? reject(err) : resolve(key))));
}

/** The parameters a stored `scrypt$N$r$p$salt$hash` was made with; undefined when malformed or outside sane bounds. */
function storedParams(stored: string): (ScryptParams & { salt: Buffer; hash: Buffer }) | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const powerOfTwo = Number.isInteger(Math.log2(N));
  if (!powerOfTwo || N < 2 ** 10 || N > 2 ** 20 || !Number.isInteger(r) || r < 1 || r > 16 || !Number.isInteger(p) || p < 1 || p > 4) return undefined;
  return { N, r, p, salt: Buffer.from(parts[4]!, 'base64url'), hash: Buffer.from(parts[5]!, 'base64url') };
}

/** Hashes a password with scrypt (N = 2^cost) and a random salt, as `scrypt$N$r$p$salt$hash` (parameters kept for upgrades). */
export async function hashPassword(password: string, cost = SCRYPT_COST): Promise<string> {
  const salt = randomBytes(16);
  const params = { N: 2 ** cost, r: R, p: P };
  const key = await scryptAsync(password, salt, params);
  return `scrypt$${params.N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** A hash of no real password at this cost: checked against when the user is unknown, so both answers take the same time. */
export const dummyHash = (cost = SCRYPT_COST) => `scrypt$${2 ** cost}$${R}$${P}$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(32).toString('base64url')}`;

/** The dummy hash at the default cost. */
export const DUMMY_HASH = dummyHash();

/** Whether a stored hash was made with less work than `cost` asks for, so the next successful sign-in should redo it. */
export function needsRehash(stored: string, cost = SCRYPT_COST): boolean {
  const params = storedParams(stored);
  return !params || params.N < 2 ** cost || params.r < R || params.p < P;
}

/** Checks a password against a stored hash (with the parameters it was made with) in constant time; false for malformed hashes. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const params = storedParams(stored);
  if (!params) return false;
  const key = await scryptAsync(password, params.salt, params);
  return key.length === params.hash.length && timingSafeEqual(key, params.hash);
}

/** A random URL-safe secret (sessions, mail links, API tokens). */
export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

/** How secrets are kept at rest: only their SHA-256, so a leaked database reveals no usable token. */
export const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

/** A keyed digest (CSRF tokens derived from a session). */
export const hmac = (secret: string | Buffer, text: string) => createHmac('sha256', secret).update(text).digest('base64url');

/**
 * A key for one purpose ("csrf", "confirm", "unsubscribe", "feed"), derived from the one secret with HKDF-SHA256:
 * the secret itself signs nothing, and a key misused or leaked for one purpose says nothing about another.
 */
export const deriveKey = (secret: string, purpose: string) => Buffer.from(hkdfSync('sha256', secret, 'paperwire-keys', `paperwire/${purpose}`, 32));

/** Compares two strings in constant time. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
