/**
 * One back-off rule for `LimitStore.claim`: `free` attempts pass at once, then each further attempt must come
 * 2^(attempts - free) seconds after the previous one (at most `capMs`); the count restarts once no attempt came
 * for `forgetMs`.
 */
export interface BackoffRule {
  key: string;
  free: number;
  capMs: number;
  forgetMs: number;
}

/** What `LimitStore.claim` answers: the attempt was counted, or it must wait `waitMs` (nothing was counted). */
export type ClaimResult = { ok: true } | { ok: false; waitMs: number };

/**
 * Rate-limit counters and back-off records shared by every server over one database, so N servers allow what one
 * does. Times are epoch milliseconds passed in by the caller. Each method is one atomic operation: `hit` is a
 * single UPSERT … RETURNING; `claim` is one transaction over its keys (in PostgreSQL: INSERT … ON CONFLICT DO
 * NOTHING, then SELECT … FOR UPDATE). Counting is never a write to the content tables, so it does not change
 * `Store.revision()` and does not wait behind an import for the write lock.
 */
export interface LimitStore {
  /**
   * Counts one event against `key` in a fixed window that opens with the key's first event and lasts `windowMs`.
   * Returns the count including this event and when the window closes.
   */
  hit(key: string, windowMs: number, now: number): Promise<{ count: number; resetAt: number }>;
  /** Counts one attempt on every rule's key, or — when any key must still wait — on none of them. */
  claim(rules: BackoffRule[], now: number): Promise<ClaimResult>;
  /** Takes one counted attempt back on each key (it succeeded), lifting the wait that attempt set. */
  refund(keys: string[], now: number): Promise<void>;
  /** Deletes closed windows and forgotten back-off records; returns how many went. */
  sweep(now: number): Promise<number>;
}
