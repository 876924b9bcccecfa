import { HttpError } from '../http/errors.ts';
import type { BackoffRule } from '../storage/limitStore.ts';
import type { Store } from '../storage/store.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The sign-in back-off (docs/security.md, "Sign-in throttle"). Per address: 10 attempts pass, then each further
 * one waits 2, 4, 8 … s after the previous, up to 15 minutes. Per account: 5 attempts pass, then 1, 2, 4 … s,
 * but never more than 30 s, so guesses from other addresses cannot keep the owner out for longer than that.
 * Counts are forgotten after an hour without attempts.
 */
export function signInRules(accountKey: string, addressKey: string): BackoffRule[] {
  return [
    { key: `signin:addr:${addressKey}`, free: 10, capMs: 15 * MINUTE, forgetMs: HOUR },
    { key: `signin:acct:${accountKey}`, free: 5, capMs: 30_000, forgetMs: HOUR },
  ];
}

/** Wrong current passwords on the settings page, per account: 5 pass, then 1, 2, 4 … s up to 15 minutes. */
export function passwordCheckRules(accountId: number): BackoffRule[] {
  return [{ key: `password:acct:${accountId}`, free: 5, capMs: 15 * MINUTE, forgetMs: HOUR }];
}

/** A 429 that says how long to wait; routes copy `retryAfterS` into the Retry-After header. */
export class TooManyAttempts extends HttpError {
  constructor(readonly retryAfterS: number) {
    super(429, `Too many sign-in attempts; try again in ${retryAfterS} s${retryAfterS >= 60 ? ` (about ${Math.round(retryAfterS / 60)} min)` : ''} or reset your password`);
  }
}

/**
 * Counts a password check before it happens (so concurrent guesses cannot slip past the count), throwing
 * TooManyAttempts when any rule says wait. Returns the function that takes the attempt back when the
 * password was right.
 */
export async function claimAttempt(store: Store, rules: BackoffRule[], now = Date.now()): Promise<() => Promise<void>> {
  const claim = await store.limits.claim(rules, now);
  if (!claim.ok) throw new TooManyAttempts(Math.max(1, Math.ceil(claim.waitMs / 1000)));
  return () => store.limits.refund(rules.map((r) => r.key), Date.now());
}
